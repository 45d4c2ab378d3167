package dev.gorgo.api;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * An inference replica that requests can be routed to. Immutable and thread-safe.
 *
 * @param id unique, stable name of the replica (for example {@code "us-west-1"}); never blank
 * @param baseUri base URI of its HTTP API (for example {@code http://10.0.0.5:30000})
 * @param region region the replica runs in (for example {@code "us-west"}); never blank
 * @param labels free-form labels (model name, GPU type, ...); never {@code null}, copied
 * @param maxRunning how many requests may run at once before the replica counts as at capacity (the
 *     engine's {@code max_running_requests} when known); at least 1
 * @param kvCapacityTokens the replica's KV cache capacity in tokens ({@code max_total_num_tokens}),
 *     or 0 when unknown
 */
public record Endpoint(
    String id,
    URI baseUri,
    String region,
    Map<String, String> labels,
    int maxRunning,
    long kvCapacityTokens) {

  /** Default capacity gate: running requests per replica (the original system's value). */
  public static final int DEFAULT_MAX_RUNNING = 10;

  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException if a component is out of range
   * @throws NullPointerException if a component is {@code null}
   */
  public Endpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(baseUri, "baseUri");
    Objects.requireNonNull(region, "region");
    labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
    if (id.isBlank()) {
      throw new IllegalArgumentException("endpoint id must not be blank");
    }
    if (region.isBlank()) {
      throw new IllegalArgumentException("endpoint " + id + ": region must not be blank");
    }
    if (maxRunning < 1) {
      throw new IllegalArgumentException(
          "endpoint " + id + ": maxRunning must be >= 1, was " + maxRunning);
    }
    if (kvCapacityTokens < 0) {
      throw new IllegalArgumentException(
          "endpoint " + id + ": kvCapacityTokens must be >= 0, was " + kvCapacityTokens);
    }
  }

  /**
   * Creates an endpoint with no labels, the default capacity gate and unknown KV capacity.
   *
   * @param id unique name
   * @param baseUri base URI of its HTTP API
   * @param region region it runs in
   * @return the endpoint
   */
  public static Endpoint of(String id, URI baseUri, String region) {
    return new Endpoint(id, baseUri, region, Map.of(), DEFAULT_MAX_RUNNING, 0);
  }

  /**
   * Returns a copy with other capacity hints.
   *
   * @param maxRunning running requests at which the replica is at capacity; at least 1
   * @param kvCapacityTokens KV cache capacity in tokens, 0 when unknown
   * @return the copy
   */
  public Endpoint withCapacity(int maxRunning, long kvCapacityTokens) {
    return new Endpoint(id, baseUri, region, labels, maxRunning, kvCapacityTokens);
  }
}
