package dev.gorgo.api;

import java.util.List;

/** A test-only provider registered through META-INF/services, proving the lookup end to end. */
public final class FirstEndpointPolicyProvider implements RoutingPolicyProvider {
  @Override
  public String name() {
    return "test-first";
  }

  @Override
  public String description() {
    return "routes to the first endpoint, or to endpoint 'offset'";
  }

  @Override
  public List<PolicyParameter> parameters() {
    return List.of(PolicyParameter.ofInt("offset", 0, "index to route to"));
  }

  @Override
  public RoutingPolicy create(PolicyParameters parameters) {
    int offset = parameters.getInt("offset");
    return new RoutingPolicy() {
      @Override
      public String name() {
        return "test-first";
      }

      @Override
      public Decision decide(RoutingRequest request, ClusterView view) {
        return view.size() > offset ? Decision.route(offset) : Decision.Reject.NO_ENDPOINTS;
      }
    };
  }
}
