package dev.gorgo.sim.internal;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.sim.engine.EngineModel;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code oracle}: GORGO's cost with perfect information, the bound that approximate tracking is
 * measured against. For each eligible replica it reads, from the simulation itself, the true round
 * trip, the prefix the engine really holds for this prompt ({@link EngineModel#peekCachedPrefix}),
 * and the prefill work really ahead of the request (the engine's {@link
 * EngineModel#pendingPrefillTokens()} plus prompts already sent to it but still on the wire), and
 * picks the replica with the lowest
 *
 * <pre>{@code cost = rtt + t_p * (uncachedTokens + pendingPrefillTokens)}</pre>
 *
 * No {@code q_hat} discount is needed: the remaining prefill of running requests is known exactly.
 * Eligibility (the router's capacity gate) is the same as for every other policy, so the comparison
 * isolates the quality of the information. Runs only inside a simulation, on its thread.
 */
final class OraclePolicy implements RoutingPolicy {
  private final EngineModel[] engines;
  private final double[] rttMs;
  private final long[] inTransitTokens;
  private final Function<String, int[]> tokensOf;
  private final Map<String, Integer> indexById = new HashMap<>();

  OraclePolicy(
      String[] endpointIds,
      EngineModel[] engines,
      double[] rttMs,
      long[] inTransitTokens,
      Function<String, int[]> tokensOf) {
    this.engines = engines;
    this.rttMs = rttMs;
    this.inTransitTokens = inTransitTokens;
    this.tokensOf = tokensOf;
    for (int i = 0; i < endpointIds.length; i++) {
      indexById.put(endpointIds[i], i);
    }
  }

  @Override
  public String name() {
    return "oracle";
  }

  @Override
  public Decision decide(RoutingRequest request, ClusterView view) {
    int[] tokens = tokensOf.apply(request.requestId());
    int best = -1;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int i = 0, n = view.size(); i < n; i++) {
      if (!view.state(i).eligible()) {
        continue;
      }
      int e = indexOf(view.endpoint(i).id());
      EngineModel engine = engines[e];
      double tp = engine.profile().tPrefillMsPerToken();
      int uncached = tokens.length - engine.peekCachedPrefix(tokens);
      double load = tp * (engine.pendingPrefillTokens() + inTransitTokens[e]);
      double prefill = tp * uncached;
      view.costs().record(i, rttMs[e], prefill, load);
      double cost = rttMs[e] + prefill + load;
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    }
    return best < 0 ? Decision.Wait.AT_CAPACITY : Decision.route(best);
  }

  private int indexOf(String endpointId) {
    Integer e = indexById.get(endpointId);
    if (e == null) {
      throw new IllegalStateException("the view holds an unknown endpoint " + endpointId);
    }
    return e;
  }
}
