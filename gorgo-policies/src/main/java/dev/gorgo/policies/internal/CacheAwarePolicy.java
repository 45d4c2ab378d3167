package dev.gorgo.policies.internal;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.PolicyParameter;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import java.util.List;

/**
 * {@code cache-aware}: the SGLang model gateway's default policy, a two-mode switch rather than a
 * cost function. Load is this router's in-flight request count per endpoint, as in that gateway.
 *
 * <ol>
 *   <li>Over the eligible endpoints, find the minimum and maximum load. The system is
 *       <em>imbalanced</em> when {@code max - min > balance_abs_threshold} and {@code max >
 *       balance_rel_threshold * min}; then the least-loaded endpoint wins.
 *   <li>Otherwise the match rate is the longest cached prefix among eligible endpoints divided by
 *       the key's length; above {@code cache_threshold} the endpoint holding it wins (ties: lower
 *       load, then lower index, where the gateway picks an arbitrary one), else the least-loaded
 *       endpoint (ties: lower index).
 * </ol>
 *
 * <p>Defaults are the gateway's command-line defaults (cache threshold 0.3, balance 64 absolute /
 * 1.5 relative); its library struct defaults differ (0.5 / 32 / 1.1). As there, the prompt is
 * inserted for the chosen endpoint in both modes (the router does that at dispatch). Immutable and
 * thread-safe.
 */
public final class CacheAwarePolicy implements RoutingPolicy {
  private final double cacheThreshold;
  private final int balanceAbs;
  private final double balanceRel;

  /**
   * Creates the policy.
   *
   * @param cacheThreshold match rate above which the cache wins, 0 to 1
   * @param balanceAbs absolute load difference that can make the system imbalanced, at least 0
   * @param balanceRel relative load ratio that can make it imbalanced, at least 1
   */
  public CacheAwarePolicy(double cacheThreshold, int balanceAbs, double balanceRel) {
    if (!(cacheThreshold >= 0 && cacheThreshold <= 1)) {
      throw new IllegalArgumentException(
          "cache_threshold must be in [0, 1], was " + cacheThreshold);
    }
    if (balanceAbs < 0) {
      throw new IllegalArgumentException("balance_abs_threshold must be >= 0, was " + balanceAbs);
    }
    if (!(balanceRel >= 1) || Double.isInfinite(balanceRel)) {
      throw new IllegalArgumentException("balance_rel_threshold must be >= 1, was " + balanceRel);
    }
    this.cacheThreshold = cacheThreshold;
    this.balanceAbs = balanceAbs;
    this.balanceRel = balanceRel;
  }

  @Override
  public String name() {
    return "cache-aware";
  }

  @Override
  public boolean usesPrefixMatches() {
    return true;
  }

  @Override
  public Decision decide(RoutingRequest request, ClusterView view) {
    int minLoad = Integer.MAX_VALUE;
    int maxLoad = -1;
    int minIndex = -1;
    int best = -1;
    int bestMatched = 0;
    int bestLoad = Integer.MAX_VALUE;
    for (int i = 0, n = view.size(); i < n; i++) {
      EndpointState s = view.state(i);
      if (!s.eligible()) {
        continue;
      }
      int load = Loads.inflight(s);
      if (load < minLoad) {
        minLoad = load;
        minIndex = i;
      }
      maxLoad = Math.max(maxLoad, load);
      int matched = view.matchedSymbols(i);
      if (matched > bestMatched || (matched == bestMatched && matched > 0 && load < bestLoad)) {
        best = i;
        bestMatched = matched;
        bestLoad = load;
      }
    }
    if (minIndex < 0) {
      return Loads.none(view);
    }
    boolean imbalanced = maxLoad - minLoad > balanceAbs && maxLoad > balanceRel * minLoad;
    if (!imbalanced && best >= 0) {
      double rate = (double) bestMatched / request.key().length();
      if (rate > cacheThreshold) {
        return Decision.route(best);
      }
    }
    return Decision.route(minIndex);
  }

  /** Registers {@code cache-aware}. */
  public static final class Provider extends SimpleProvider {
    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public Provider() {
      super(
          "cache-aware",
          "SGLang model gateway: cache affinity while balanced, shortest queue when not",
          List.of(
              PolicyParameter.ofDouble(
                  "cache_threshold", 0.3, "match rate (0 to 1) above which the cache wins"),
              PolicyParameter.ofInt(
                  "balance_abs_threshold", 64, "imbalanced if max - min load exceeds this..."),
              PolicyParameter.ofDouble(
                  "balance_rel_threshold", 1.5, "...and max load exceeds this times the min")),
          p ->
              new CacheAwarePolicy(
                  p.getDouble("cache_threshold"),
                  p.getInt("balance_abs_threshold"),
                  p.getDouble("balance_rel_threshold")));
    }
  }
}
