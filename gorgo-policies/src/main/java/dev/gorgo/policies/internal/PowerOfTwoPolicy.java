package dev.gorgo.policies.internal;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import java.util.List;

/**
 * {@code power-of-two}: two distinct random eligible endpoints, the less loaded ({@link
 * Loads#requests}, then in-flight tokens) wins. Seedable; thread-safe.
 */
public final class PowerOfTwoPolicy implements RoutingPolicy {
  private final SeededRandom random;

  /**
   * Creates the policy.
   *
   * @param seed 0 for an unseeded generator, else a reproducible seed
   */
  public PowerOfTwoPolicy(int seed) {
    this.random = new SeededRandom(seed);
  }

  @Override
  public String name() {
    return "power-of-two";
  }

  @Override
  public Decision decide(RoutingRequest request, ClusterView view) {
    int eligible = Loads.eligibleCount(view);
    if (eligible == 0) {
      return Loads.none(view);
    }
    if (eligible == 1) {
      return Decision.route(Loads.nthEligible(view, 0));
    }
    int a = random.nextInt(eligible);
    int b = random.nextInt(eligible - 1);
    if (b >= a) {
      b++;
    }
    int ia = Loads.nthEligible(view, a);
    int ib = Loads.nthEligible(view, b);
    EndpointState sa = view.state(ia);
    EndpointState sb = view.state(ib);
    int la = Loads.requests(sa);
    int lb = Loads.requests(sb);
    if (la != lb) {
      return Decision.route(la < lb ? ia : ib);
    }
    long ta = sa.prefillingTokens() + sa.decodingTokens();
    long tb = sb.prefillingTokens() + sb.decodingTokens();
    return Decision.route(tb < ta ? ib : ia);
  }

  /** Registers {@code power-of-two}. */
  public static final class Provider extends SimpleProvider {
    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public Provider() {
      super(
          "power-of-two",
          "the less loaded of two random eligible endpoints",
          List.of(SeededRandom.SEED),
          p -> new PowerOfTwoPolicy(p.getInt("seed")));
    }
  }
}
