package dev.gorgo.policies.internal;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code round-robin}: the next eligible endpoint after the previous choice, in index order.
 * Thread-safe (one atomic counter).
 */
public final class RoundRobinPolicy implements RoutingPolicy {
  /** Creates the policy. */
  public RoundRobinPolicy() {}

  private final AtomicInteger next = new AtomicInteger();

  @Override
  public String name() {
    return "round-robin";
  }

  @Override
  public Decision decide(RoutingRequest request, ClusterView view) {
    int n = view.size();
    if (n == 0) {
      return Loads.none(view);
    }
    int start = Math.floorMod(next.getAndIncrement(), n);
    for (int k = 0; k < n; k++) {
      int i = start + k < n ? start + k : start + k - n;
      if (view.state(i).eligible()) {
        return Decision.route(i);
      }
    }
    return Loads.none(view);
  }

  /** Registers {@code round-robin}. */
  public static final class Provider extends SimpleProvider {
    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public Provider() {
      super("round-robin", "eligible endpoints in turn", List.of(), p -> new RoundRobinPolicy());
    }
  }
}
