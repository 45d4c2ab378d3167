package dev.gorgo.proxy.observe;

/**
 * What happened to one proxied request, written once when it ends and shared by the CSV log, the
 * trace recorder and the summary. Holds timings and routing facts only, never prompt text.
 *
 * <p>All {@code *Nanos} values come from the router's ticker ({@code System.nanoTime()} in the
 * proxy); 0 means "did not happen" (e.g. {@code firstTokenNanos} of a request that failed before
 * its first token).
 *
 * @param requestId the request id (client's {@code X-Request-Id} or generated)
 * @param route the API path, e.g. {@code /v1/chat/completions}
 * @param startEpochMillis wall-clock time of arrival
 * @param stream whether the client asked for a stream
 * @param promptChars length of the routing text in characters (0 for token-id prompts)
 * @param promptTokens estimated prompt tokens
 * @param arrivalNanos arrival at the proxy
 * @param dispatchNanos when the router granted a lease (after any queue wait), or 0
 * @param queueWaitNanos time spent in the admission queue
 * @param decideNanos time the policy took for the final decision
 * @param headersNanos when the replica's response headers arrived, or 0
 * @param firstTokenNanos when the first content chunk was relayed, or 0
 * @param endNanos when the answer was complete (or abandoned)
 * @param predictedTtftMillis the policy's TTFT estimate for the chosen endpoint, or NaN
 * @param queuedTokensAtRouting prompt tokens dispatched to the chosen endpoint and not yet past
 *     their first token, at decision time
 * @param runningTokensAtRouting tokens of requests decoding on it at decision time
 * @param endpointId chosen endpoint, or {@code null} when never routed
 * @param endpointHost host of the chosen endpoint, or {@code null}
 * @param routing per-endpoint view of the final decision, or {@code null} when not captured
 * @param status HTTP status sent to the client (200 for streams that later failed)
 * @param success whether the request completed normally
 * @param error short error code ({@code queue_full}, {@code upstream_reset}, ...) or empty
 * @param attempts upstream attempts (1 = no retry)
 * @param forwardedToPeer distributed mode: forwarded to a peer proxy
 */
public record RequestRecord(
    String requestId,
    String route,
    long startEpochMillis,
    boolean stream,
    int promptChars,
    int promptTokens,
    long arrivalNanos,
    long dispatchNanos,
    long queueWaitNanos,
    long decideNanos,
    long headersNanos,
    long firstTokenNanos,
    long endNanos,
    double predictedTtftMillis,
    long queuedTokensAtRouting,
    long runningTokensAtRouting,
    String endpointId,
    String endpointHost,
    RoutingSnapshot routing,
    int status,
    boolean success,
    String error,
    int attempts,
    boolean forwardedToPeer) {

  /** Replica time to response headers (dispatch to headers), ms; 0 when unknown. */
  public double networkLatencyMillis() {
    return dispatchNanos > 0 && headersNanos > 0 ? (headersNanos - dispatchNanos) / 1e6 : 0;
  }

  /** Client-visible TTFT (arrival to first content chunk), ms; 0 when none. */
  public double ttftMillis() {
    return firstTokenNanos > 0 ? (firstTokenNanos - arrivalNanos) / 1e6 : 0;
  }

  /** Arrival to end, ms. */
  public double totalMillis() {
    return (endNanos - arrivalNanos) / 1e6;
  }

  /** Admission queue wait, ms. */
  public double queueMillis() {
    return queueWaitNanos / 1e6;
  }
}
