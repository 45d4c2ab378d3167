package dev.gorgo.policies.internal;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import java.util.List;

/**
 * {@code nearest-region}: the geographic baseline of the original benchmark (which sent each client
 * to the replica nearest by great-circle distance). Here the request's client region stands for the
 * client's position: an eligible endpoint in the same region wins (ties: lower RTT, then fewer
 * requests, then lower index); when none is (or the region is unknown), the eligible endpoint with
 * the lowest RTT from the router wins. Ignores caches. Stateless and thread-safe.
 */
public final class NearestRegionPolicy implements RoutingPolicy {
  /** Creates the policy. */
  public NearestRegionPolicy() {}

  @Override
  public String name() {
    return "nearest-region";
  }

  @Override
  public Decision decide(RoutingRequest request, ClusterView view) {
    String region = request.clientRegion();
    int best = -1;
    boolean bestLocal = false;
    double bestRtt = Double.POSITIVE_INFINITY;
    int bestLoad = Integer.MAX_VALUE;
    for (int i = 0, n = view.size(); i < n; i++) {
      EndpointState s = view.state(i);
      if (!s.eligible()) {
        continue;
      }
      boolean local = region != null && region.equals(view.endpoint(i).region());
      double rtt = Double.isNaN(s.rttMillis()) ? Double.MAX_VALUE : s.rttMillis();
      int load = Loads.requests(s);
      boolean better;
      if (local != bestLocal) {
        better = local;
      } else if (rtt != bestRtt) {
        better = rtt < bestRtt;
      } else {
        better = load < bestLoad;
      }
      if (best < 0 || better) {
        best = i;
        bestLocal = local;
        bestRtt = rtt;
        bestLoad = load;
      }
    }
    return Loads.routeOrNone(view, best);
  }

  /** Registers {@code nearest-region}. */
  public static final class Provider extends SimpleProvider {
    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public Provider() {
      super(
          "nearest-region",
          "an endpoint in the client's region, else the lowest RTT (geographic baseline)",
          List.of(),
          p -> new NearestRegionPolicy());
    }
  }
}
