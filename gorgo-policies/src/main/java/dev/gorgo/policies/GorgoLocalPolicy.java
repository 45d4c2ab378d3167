package dev.gorgo.policies;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.Health;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.policies.internal.Loads;

/**
 * The {@code gorgo-local} policy, for the distributed deployment where one router runs beside each
 * replica ({@link ClusterView#localIndex()}): keep the request on the local replica while it is
 * eligible; when it is at capacity (or unhealthy), forward to the peer with the lowest {@linkplain
 * GorgoPolicy GORGO cost} if that cost is below the local one (which then includes the local
 * replica's queued and running load), else wait locally.
 *
 * <p>A request that was already forwarded ({@link RoutingRequest#hops()} &ge; 1) is never forwarded
 * again: it runs locally or waits. Unlike the original, a peer's cost includes its load, and a full
 * local prefix match is credited like any other. Without a local endpoint (a centralized router)
 * the policy behaves like {@code gorgo}.
 *
 * <p>Immutable and thread-safe; deciding allocates nothing.
 */
public final class GorgoLocalPolicy implements RoutingPolicy {
  /** The registered name. */
  public static final String NAME = "gorgo-local";

  private final GorgoPolicy.Parameters parameters;

  /**
   * Creates the policy.
   *
   * @param parameters the cost parameters; never {@code null}
   */
  public GorgoLocalPolicy(GorgoPolicy.Parameters parameters) {
    this.parameters = java.util.Objects.requireNonNull(parameters, "parameters");
  }

  /**
   * The cost parameters.
   *
   * @return the parameters
   */
  public GorgoPolicy.Parameters parameters() {
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
    int local = view.localIndex();
    if (local < 0) {
      return Loads.routeOrNone(view, GorgoPolicy.cheapest(parameters, request, view, -1));
    }
    EndpointState ls = view.state(local);
    double localCost = GorgoPolicy.cost(parameters, request, view, local, ls);
    if (ls.eligible()) {
      return Decision.route(local);
    }
    if (request.hops() >= 1) {
      return Decision.Wait.AT_CAPACITY;
    }
    int peer = GorgoPolicy.cheapest(parameters, request, view, local);
    if (ls.health() == Health.UNHEALTHY) {
      return peer >= 0 ? Decision.route(peer) : Loads.none(view);
    }
    if (peer >= 0 && view.costs().totalMillis(peer) < localCost) {
      return Decision.route(peer);
    }
    return Decision.Wait.AT_CAPACITY;
  }

  @Override
  public String toString() {
    return "gorgo-local" + parameters;
  }
}
