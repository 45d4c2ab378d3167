package dev.gorgo.policies.internal;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.PolicyParameter;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import java.util.List;

/**
 * {@code prefix-tree}: the eligible endpoint holding the largest fraction of the prompt's key in
 * its (believed) cache, when that fraction is at least {@code min_match}; otherwise least-load.
 * Ties go to fewer requests, then the lower index. Unlike the original, candidates are only the
 * current, eligible endpoints and a one-symbol match does not beat load. Immutable, thread-safe.
 */
public final class PrefixTreePolicy implements RoutingPolicy {
  private final double minMatch;

  /**
   * Creates the policy.
   *
   * @param minMatch the smallest matched fraction (0 to 1) that is followed
   */
  public PrefixTreePolicy(double minMatch) {
    if (!(minMatch >= 0 && minMatch <= 1)) {
      throw new IllegalArgumentException("min_match must be in [0, 1], was " + minMatch);
    }
    this.minMatch = minMatch;
  }

  @Override
  public String name() {
    return "prefix-tree";
  }

  @Override
  public boolean usesPrefixMatches() {
    return true;
  }

  @Override
  public Decision decide(RoutingRequest request, ClusterView view) {
    int length = request.key().length();
    if (length > 0) {
      int best = -1;
      int bestMatched = 0;
      int bestLoad = Integer.MAX_VALUE;
      for (int i = 0, n = view.size(); i < n; i++) {
        int matched = view.matchedSymbols(i);
        if (matched == 0 || matched < bestMatched) {
          continue;
        }
        EndpointState s = view.state(i);
        if (!s.eligible()) {
          continue;
        }
        int load = Loads.requests(s);
        if (matched > bestMatched || load < bestLoad) {
          best = i;
          bestMatched = matched;
          bestLoad = load;
        }
      }
      if (best >= 0 && (double) bestMatched / length >= minMatch) {
        return Decision.route(best);
      }
    }
    return Loads.routeOrNone(view, Loads.leastLoaded(view));
  }

  /** Registers {@code prefix-tree}. */
  public static final class Provider extends SimpleProvider {
    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public Provider() {
      super(
          "prefix-tree",
          "highest cached fraction of the prompt among eligible endpoints, else least-load",
          List.of(
              PolicyParameter.ofDouble(
                  "min_match",
                  0.1,
                  "smallest matched fraction of the prompt's key (0 to 1) that is followed")),
          p -> new PrefixTreePolicy(p.getDouble("min_match")));
    }
  }
}
