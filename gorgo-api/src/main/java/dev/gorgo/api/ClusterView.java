package dev.gorgo.api;

/**
 * The consistent picture of the cluster that one routing decision is made against: the endpoints,
 * their states, and how much of this request's prompt each is believed to hold in its KV cache.
 *
 * <p>Endpoints are addressed by index, {@code 0 <= index < size()}, stable for the duration of one
 * decision. A view is valid only during the {@link RoutingPolicy#decide} (or {@link
 * RouterListener#onDecision}) call it is passed to and is confined to that call's thread: the
 * router reuses views so that deciding allocates nothing. Policies must not keep a view or any
 * object obtained from it, except {@link Endpoint}s, which are immutable.
 */
public interface ClusterView {

  /**
   * Number of endpoints.
   *
   * @return count, at least 0
   */
  int size();

  /**
   * Returns an endpoint.
   *
   * @param index endpoint index
   * @return the endpoint, never {@code null}
   */
  Endpoint endpoint(int index);

  /**
   * Returns what the router knows about an endpoint now.
   *
   * @param index endpoint index
   * @return the state, valid for this decision only
   */
  EndpointState state(int index);

  /**
   * Length of the longest prefix of the request's key that the endpoint is believed to hold. Always
   * 0 when the policy does not {@linkplain RoutingPolicy#usesPrefixMatches() use prefix matches}.
   *
   * @param index endpoint index
   * @return symbols, between 0 and the key's length
   */
  int matchedSymbols(int index);

  /**
   * The index of the endpoint this router runs beside, in distributed mode.
   *
   * @return the local endpoint's index, or -1 for a centralized router
   */
  int localIndex();

  /**
   * The time of this decision, from the router's {@link Ticker}.
   *
   * @return nanoseconds
   */
  long nowNanos();

  /**
   * The table a policy writes its per-endpoint cost breakdown into, for metrics and traces. Cleared
   * before each decision.
   *
   * @return the cost table of this decision
   */
  CostBreakdown costs();

  /**
   * Finds an endpoint by id.
   *
   * @param endpointId the id
   * @return its index, or -1 when absent
   */
  default int indexOf(String endpointId) {
    for (int i = 0; i < size(); i++) {
      if (endpoint(i).id().equals(endpointId)) {
        return i;
      }
    }
    return -1;
  }
}
