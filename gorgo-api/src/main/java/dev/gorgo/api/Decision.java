package dev.gorgo.api;

/**
 * The outcome of one {@link RoutingPolicy#decide} call: route to an endpoint, wait for capacity, or
 * reject. Immutable and thread-safe.
 */
public sealed interface Decision permits Decision.Route, Decision.Wait, Decision.Reject {

  /**
   * Returns a route decision, cached for small indexes so deciding need not allocate.
   *
   * @param index the chosen endpoint's index in the view
   * @return the decision
   */
  static Route route(int index) {
    return index >= 0 && index < Route.CACHE.length ? Route.CACHE[index] : new Route(index);
  }

  /**
   * Send the request to an endpoint.
   *
   * @param index the chosen endpoint's index in the {@link ClusterView} decided against
   */
  record Route(int index) implements Decision {
    private static final Route[] CACHE = new Route[1024];

    static {
      for (int i = 0; i < CACHE.length; i++) {
        CACHE[i] = new Route(i);
      }
    }

    /**
     * Validates the index.
     *
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public Route {
      if (index < 0) {
        throw new IllegalArgumentException("index must be >= 0, was " + index);
      }
    }
  }

  /**
   * No endpoint is eligible now; wait in the admission queue until capacity frees.
   *
   * @param reason a short, fixed explanation (no prompt content)
   */
  record Wait(String reason) implements Decision {
    /** Every endpoint is at capacity. */
    public static final Wait AT_CAPACITY = new Wait("all endpoints at capacity");
  }

  /**
   * Refuse the request.
   *
   * @param reason why, as a {@link RejectReason}
   * @param message a short explanation for the client (no prompt content)
   */
  record Reject(RejectReason reason, String message) implements Decision {
    /** No endpoint is configured or healthy. */
    public static final Reject NO_ENDPOINTS =
        new Reject(RejectReason.NO_ENDPOINTS, "no healthy endpoint");
  }
}
