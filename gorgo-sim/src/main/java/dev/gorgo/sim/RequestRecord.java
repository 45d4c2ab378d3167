package dev.gorgo.sim;

import org.jspecify.annotations.Nullable;

/**
 * How one simulated request went, seen from its client. Times are milliseconds; a request that
 * failed has {@code NaN} latencies and a non-null {@code failure}. Immutable and thread-safe.
 *
 * @param id the workload's request id
 * @param sentMs when the client sent it, from the start of the run
 * @param promptTokens prompt length
 * @param outputTokens output tokens produced (0 when it failed)
 * @param clientRegion the client's region
 * @param endpoint the replica it ran on, or {@code null} when never routed
 * @param ttftMs time to first token at the client
 * @param e2eMs time to the last token at the client
 * @param queueWaitMs time in the router's admission queue
 * @param predictedTtftMs the policy's estimate for the chosen replica, {@code NaN} when the policy
 *     does not estimate
 * @param cachedTokens prompt tokens the engine served from its KV cache (the truth), -1 when never
 *     prefilled
 * @param networkMs network part of the TTFT (client-router and router-replica round trips)
 * @param failure why it failed ({@code QUEUE_TIMEOUT}, ...), or {@code null} on success
 */
public record RequestRecord(
    String id,
    double sentMs,
    int promptTokens,
    int outputTokens,
    String clientRegion,
    @Nullable String endpoint,
    double ttftMs,
    double e2eMs,
    double queueWaitMs,
    double predictedTtftMs,
    int cachedTokens,
    double networkMs,
    @Nullable String failure) {

  /**
   * Whether the request completed.
   *
   * @return {@code true} when it produced all its output
   */
  public boolean succeeded() {
    return failure == null;
  }
}
