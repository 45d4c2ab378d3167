package dev.gorgo.policies.internal;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.PolicyParameter;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import java.util.Arrays;
import java.util.List;

/**
 * {@code session-affinity}: consistent hashing of the request's session key with bounded loads
 * (Mirrokni, Thorup and Zadimoghaddam, "Consistent Hashing with Bounded Loads", 2018). Each
 * endpoint owns {@code virtual_nodes} points on a 64-bit ring; a session goes to the first endpoint
 * clockwise from its hash that is eligible and whose requests stay within {@code ceil(load_factor *
 * (total + 1) / eligible)}. Adding or removing an endpoint moves only the sessions it owned, and a
 * hot session cannot push its endpoint far beyond the average. Requests without a session key go to
 * the least-loaded endpoint.
 *
 * <p>Thread-safe: the ring is rebuilt (rarely, when the endpoint set changes) into a new immutable
 * object published through a volatile field.
 */
public final class SessionAffinityPolicy implements RoutingPolicy {
  private final int virtualNodes;
  private final double loadFactor;
  private volatile Ring ring = new Ring(new String[0], new long[0], new int[0]);

  /**
   * Creates the policy.
   *
   * @param virtualNodes ring points per endpoint, at least 1
   * @param loadFactor bound on an endpoint's load relative to the mean, at least 1
   */
  public SessionAffinityPolicy(int virtualNodes, double loadFactor) {
    if (virtualNodes < 1) {
      throw new IllegalArgumentException("virtual_nodes must be >= 1, was " + virtualNodes);
    }
    if (!(loadFactor >= 1) || Double.isInfinite(loadFactor)) {
      throw new IllegalArgumentException("load_factor must be >= 1, was " + loadFactor);
    }
    this.virtualNodes = virtualNodes;
    this.loadFactor = loadFactor;
  }

  @Override
  public String name() {
    return "session-affinity";
  }

  @Override
  public Decision decide(RoutingRequest request, ClusterView view) {
    String session = request.sessionKey();
    if (session == null || view.size() == 0) {
      return Loads.routeOrNone(view, Loads.leastLoaded(view));
    }
    int eligible = 0;
    long total = 0;
    for (int i = 0, n = view.size(); i < n; i++) {
      EndpointState s = view.state(i);
      if (s.eligible()) {
        eligible++;
        total += Loads.requests(s);
      }
    }
    if (eligible == 0) {
      return Loads.none(view);
    }
    long bound = (long) Math.ceil(loadFactor * (total + 1) / eligible);
    Ring r = ringFor(view);
    int points = r.hashes.length;
    int start = Arrays.binarySearch(r.hashes, mix(hash(session)));
    if (start < 0) {
      start = -start - 1;
    }
    for (int k = 0; k < points; k++) {
      int i = r.owners[(start + k) % points];
      EndpointState s = view.state(i);
      if (s.eligible() && Loads.requests(s) + 1 <= bound) {
        return Decision.route(i);
      }
    }
    return Loads.routeOrNone(view, Loads.leastLoaded(view));
  }

  private Ring ringFor(ClusterView view) {
    Ring r = ring;
    if (r.matches(view)) {
      return r;
    }
    int n = view.size();
    String[] ids = new String[n];
    long[] hashes = new long[n * virtualNodes];
    int[] owners = new int[n * virtualNodes];
    long[] packed = new long[n * virtualNodes];
    for (int i = 0; i < n; i++) {
      ids[i] = view.endpoint(i).id();
      long h = hash(ids[i]);
      for (int v = 0; v < virtualNodes; v++) {
        packed[i * virtualNodes + v] = mix(h + v * 0x9E3779B97F4A7C15L);
      }
    }
    Integer[] order = new Integer[packed.length];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (x, y) -> Long.compare(packed[x], packed[y]));
    for (int k = 0; k < order.length; k++) {
      hashes[k] = packed[order[k]];
      owners[k] = order[k] / virtualNodes;
    }
    r = new Ring(ids, hashes, owners);
    ring = r;
    return r;
  }

  /** FNV-1a over the UTF-16 code units. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** The SplitMix64 finalizer: spreads nearby hashes over the ring. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static final class Ring {
    final String[] ids;
    final long[] hashes;
    final int[] owners;

    Ring(String[] ids, long[] hashes, int[] owners) {
      this.ids = ids;
      this.hashes = hashes;
      this.owners = owners;
    }

    boolean matches(ClusterView view) {
      if (view.size() != ids.length) {
        return false;
      }
      for (int i = 0; i < ids.length; i++) {
        String id = view.endpoint(i).id();
        if (id != ids[i] && !id.equals(ids[i])) {
          return false;
        }
      }
      return true;
    }
  }

  /** Registers {@code session-affinity}. */
  public static final class Provider extends SimpleProvider {
    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public Provider() {
      super(
          "session-affinity",
          "consistent hashing of the session key with bounded loads",
          List.of(
              PolicyParameter.ofInt("virtual_nodes", 150, "ring points per endpoint"),
              PolicyParameter.ofDouble(
                  "load_factor", 1.25, "an endpoint may take at most this times the mean load")),
          p -> new SessionAffinityPolicy(p.getInt("virtual_nodes"), p.getDouble("load_factor")));
    }
  }
}
