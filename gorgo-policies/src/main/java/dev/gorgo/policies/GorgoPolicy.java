package dev.gorgo.policies;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.PolicyParameter;
import dev.gorgo.api.PolicyParameters;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.policies.internal.Loads;
import java.util.List;

/**
 * The {@code gorgo} policy: send each request to the eligible endpoint with the lowest predicted
 * time to first token,
 *
 * <pre>
 *   cost(e) = w_rtt * rtt(e) + t_p * ( uncached(e) + w_queue * ( queued(e) + q_hat * running(e) ) )
 * </pre>
 *
 * all in milliseconds, where
 *
 * <ul>
 *   <li>{@code rtt(e)} is the RTT moving average to the endpoint (0 while never measured);
 *   <li>{@code uncached(e) = max(0, promptTokens - matchedSymbols(e) * tokensPerSymbol)}, the part
 *       of the prompt the endpoint is not believed to cache, from the router's prefix trie;
 *   <li>{@code queued(e)} and {@code running(e)} are prompt tokens, derived from this router's
 *       in-flight accounting and the engine's reported counts as {@link Loads#queuedTokens} and
 *       {@link Loads#runningTokens} document: requests this router sent that have no first token
 *       yet are queued work; those past their first token are running work (discounted by {@code
 *       q_hat} because they are partly done); requests the engine reports beyond this router's own
 *       are priced at the mean prompt size of this router's in-flight requests there.
 * </ul>
 *
 * <p>With {@code w_rtt = w_queue = 1} this is the formula of the paper and of the original proxy
 * (t_p 0.094 ms/token measured for Mistral-7B on an A100, q_hat 0.5). Ties go to the lower load
 * part, then the lower index. Every eligible endpoint's breakdown is recorded in the view's {@link
 * dev.gorgo.api.CostBreakdown}; ineligible endpoints get none.
 *
 * <p>Immutable and thread-safe; deciding allocates nothing.
 */
public final class GorgoPolicy implements RoutingPolicy {
  /** The registered name. */
  public static final String NAME = "gorgo";

  private final Parameters parameters;

  /**
   * Creates the policy.
   *
   * @param parameters the cost parameters; never {@code null}
   */
  public GorgoPolicy(Parameters parameters) {
    this.parameters = java.util.Objects.requireNonNull(parameters, "parameters");
  }

  /**
   * The cost parameters.
   *
   * @param tpMillisPerToken {@code t_p}: prefill time per token, ms, finite and at least 0
   * @param qHat {@code q_hat}: weight of running tokens relative to queued ones, at least 0
   * @param wRtt {@code w_rtt}: weight of the RTT term, at least 0
   * @param wQueue {@code w_queue}: weight of the load term, at least 0
   */
  public record Parameters(double tpMillisPerToken, double qHat, double wRtt, double wQueue) {
    /** The paper's values: t_p 0.094 ms/token, q_hat 0.5, both weights 1. */
    public static final Parameters DEFAULTS = new Parameters(0.094, 0.5, 1.0, 1.0);

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException if a value is negative or not finite
     */
    public Parameters {
      check("t_p", tpMillisPerToken);
      check("q_hat", qHat);
      check("w_rtt", wRtt);
      check("w_queue", wQueue);
    }

    private static void check(String name, double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + " must be finite and >= 0, was " + v);
      }
    }

    /**
     * Declares the parameters ({@code t_p}, {@code q_hat}, {@code w_rtt}, {@code w_queue}) with
     * their defaults, for a {@link dev.gorgo.api.RoutingPolicyProvider}.
     *
     * @return the declarations
     */
    public static List<PolicyParameter> declarations() {
      return List.of(
          PolicyParameter.ofDouble(
              "t_p", DEFAULTS.tpMillisPerToken(), "prefill time per token, ms/token"),
          PolicyParameter.ofDouble(
              "q_hat", DEFAULTS.qHat(), "weight of running tokens relative to queued tokens"),
          PolicyParameter.ofDouble("w_rtt", DEFAULTS.wRtt(), "weight of the RTT term"),
          PolicyParameter.ofDouble("w_queue", DEFAULTS.wQueue(), "weight of the load term"));
    }

    /**
     * Reads validated values.
     *
     * @param p values validated against {@link #declarations()}
     * @return the parameters
     */
    public static Parameters from(PolicyParameters p) {
      return new Parameters(
          p.getDouble("t_p"), p.getDouble("q_hat"), p.getDouble("w_rtt"), p.getDouble("w_queue"));
    }
  }

  /**
   * The cost parameters.
   *
   * @return the parameters
   */
  public Parameters parameters() {
    return parameters;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean usesPrefixMatches() {
    return true;
  }

  @Override
  public Decision decide(RoutingRequest request, ClusterView view) {
    int best = cheapest(parameters, request, view, -1);
    return Loads.routeOrNone(view, best);
  }

  /**
   * The eligible endpoint with the lowest cost, recording every eligible endpoint's breakdown.
   *
   * @param skip an index to leave out, or -1
   * @return the index, or -1 when none is eligible
   */
  static int cheapest(Parameters p, RoutingRequest request, ClusterView view, int skip) {
    int best = -1;
    double bestCost = Double.POSITIVE_INFINITY;
    double bestLoad = Double.POSITIVE_INFINITY;
    for (int i = 0, n = view.size(); i < n; i++) {
      if (i == skip) {
        continue;
      }
      EndpointState s = view.state(i);
      if (!s.eligible()) {
        continue;
      }
      double cost = cost(p, request, view, i, s);
      double load = view.costs().loadMillis(i);
      if (cost < bestCost || (cost == bestCost && load < bestLoad)) {
        best = i;
        bestCost = cost;
        bestLoad = load;
      }
    }
    return best;
  }

  /**
   * Computes and records one endpoint's cost.
   *
   * @return the total, in ms
   */
  static double cost(
      Parameters p, RoutingRequest request, ClusterView view, int i, EndpointState s) {
    double rtt = s.rttMillis();
    double rttPart = p.wRtt() * (Double.isNaN(rtt) ? 0 : rtt);
    double matchedTokens = view.matchedSymbols(i) * request.key().tokensPerSymbol();
    double uncached = Math.max(0, request.promptTokens() - matchedTokens);
    double mean = Loads.meanTokens(s, request.promptTokens());
    double load =
        p.tpMillisPerToken()
            * p.wQueue()
            * (Loads.queuedTokens(s, mean) + p.qHat() * Loads.runningTokens(s, mean));
    double prefill = p.tpMillisPerToken() * uncached;
    view.costs().record(i, rttPart, prefill, load);
    return rttPart + prefill + load;
  }

  @Override
  public String toString() {
    return "gorgo" + parameters;
  }
}
