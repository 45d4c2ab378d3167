package dev.gorgo.router;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.EndpointState;
import java.util.Objects;

/**
 * A point-in-time view of one endpoint for status pages. Immutable.
 *
 * @param endpoint the endpoint with its current capacity hints
 * @param state an immutable snapshot of its state
 * @param trieSymbols symbols of prompt prefixes the router believes it caches
 */
public record EndpointStatus(Endpoint endpoint, EndpointState state, long trieSymbols) {
  /**
   * Validates the components.
   *
   * @throws NullPointerException if {@code endpoint} or {@code state} is {@code null}
   */
  public EndpointStatus {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(state, "state");
  }
}
