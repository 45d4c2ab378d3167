package dev.gorgo.policies.internal;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import java.util.List;

/**
 * {@code least-load}: the eligible endpoint with the fewest running plus queued requests ({@link
 * Loads#requests}); ties go to fewer in-flight tokens, then the lower index. Ignores caches and
 * RTT. Stateless and thread-safe.
 */
public final class LeastLoadPolicy implements RoutingPolicy {
  /** Creates the policy. */
  public LeastLoadPolicy() {}

  @Override
  public String name() {
    return "least-load";
  }

  @Override
  public Decision decide(RoutingRequest request, ClusterView view) {
    return Loads.routeOrNone(view, Loads.leastLoaded(view));
  }

  /** Registers {@code least-load}. */
  public static final class Provider extends SimpleProvider {
    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public Provider() {
      super(
          "least-load",
          "fewest running + queued requests among eligible endpoints",
          List.of(),
          p -> new LeastLoadPolicy());
    }
  }
}
