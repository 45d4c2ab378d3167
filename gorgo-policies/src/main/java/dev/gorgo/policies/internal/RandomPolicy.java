package dev.gorgo.policies.internal;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import java.util.List;

/** {@code random}: a uniformly random eligible endpoint. Seedable; thread-safe. */
public final class RandomPolicy implements RoutingPolicy {
  private final SeededRandom random;

  /**
   * Creates the policy.
   *
   * @param seed 0 for an unseeded generator, else a reproducible seed
   */
  public RandomPolicy(int seed) {
    this.random = new SeededRandom(seed);
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public Decision decide(RoutingRequest request, ClusterView view) {
    int eligible = Loads.eligibleCount(view);
    if (eligible == 0) {
      return Loads.none(view);
    }
    return Decision.route(Loads.nthEligible(view, random.nextInt(eligible)));
  }

  /** Registers {@code random}. */
  public static final class Provider extends SimpleProvider {
    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public Provider() {
      super(
          "random",
          "a uniformly random eligible endpoint",
          List.of(SeededRandom.SEED),
          p -> new RandomPolicy(p.getInt("seed")));
    }
  }
}
