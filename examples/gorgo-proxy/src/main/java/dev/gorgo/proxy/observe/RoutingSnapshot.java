package dev.gorgo.proxy.observe;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.CostBreakdown;
import dev.gorgo.api.EndpointState;

/**
 * The per-endpoint facts of one routing decision, copied out of the {@link ClusterView} while the
 * router's listener is called (the view is only valid during that call). Used for the CSV columns
 * {@code <id>_prefix_hit}, {@code <id>_matched_len}, {@code <id>_cost}.
 *
 * @param ids endpoint ids, in view order
 * @param matched matched prefix length per endpoint, in prompt-key symbols
 * @param keyLength prompt key length in symbols
 * @param cost total predicted cost per endpoint in ms; -1 when the endpoint was not eligible, 0
 *     when the policy did not compute one (non-cost policies)
 * @param chosen index of the chosen endpoint
 * @param predictedMillis prefill+load part of the chosen endpoint's cost (NaN if none)
 * @param queuedTokens prompt tokens prefilling at the chosen endpoint
 * @param runningTokens tokens decoding at the chosen endpoint
 */
public record RoutingSnapshot(
    String[] ids,
    int[] matched,
    int keyLength,
    double[] cost,
    int chosen,
    double predictedMillis,
    long queuedTokens,
    long runningTokens) {

  /** Copies what the CSV needs from a view (called inside the router listener). */
  public static RoutingSnapshot of(ClusterView view, int keyLength, int chosen) {
    int n = view.size();
    String[] ids = new String[n];
    int[] matched = new int[n];
    double[] cost = new double[n];
    CostBreakdown costs = view.costs();
    for (int i = 0; i < n; i++) {
      ids[i] = view.endpoint(i).id();
      matched[i] = view.matchedSymbols(i);
      EndpointState s = view.state(i);
      if (!s.eligible()) {
        cost[i] = -1;
      } else {
        cost[i] = costs != null && costs.has(i) ? costs.totalMillis(i) : 0;
      }
    }
    double predicted = Double.NaN;
    long queued = 0;
    long running = 0;
    if (chosen >= 0 && chosen < n) {
      if (costs != null && costs.has(chosen)) {
        predicted = costs.prefillMillis(chosen) + costs.loadMillis(chosen);
      }
      EndpointState s = view.state(chosen);
      queued = s.prefillingTokens();
      running = s.decodingTokens();
    }
    return new RoutingSnapshot(ids, matched, keyLength, cost, chosen, predicted, queued, running);
  }

  /** Fraction of the prompt key held by endpoint {@code i} (0..1). */
  public double prefixHit(int i) {
    return keyLength == 0 ? 0 : (double) matched[i] / keyLength;
  }
}
