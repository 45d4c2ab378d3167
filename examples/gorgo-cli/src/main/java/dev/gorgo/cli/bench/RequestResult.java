package dev.gorgo.cli.bench;

/**
 * How one request went. Times are in milliseconds; {@code NaN} where a value does not exist (no
 * first token, fewer than two tokens). Holds no prompt or output text.
 *
 * @param index the request's index in the workload
 * @param session the conversation key
 * @param scheduledMs when the profile wanted it sent, relative to the run start
 * @param startMs when it was sent, relative to the run start
 * @param ttftMs time to first token (first non-empty content chunk)
 * @param itlMs mean inter-token latency: (last token - first token) / (tokens - 1)
 * @param e2eMs from send to the end of the stream (or the failure)
 * @param promptTokens estimated prompt tokens
 * @param outputTokens output tokens (the server's usage count when reported, else chunks)
 * @param status HTTP status, 0 when no response arrived
 * @param error what went wrong, {@code null} on success
 * @param endpoint the replica that served it, from a response header when the target names one;
 *     {@code null} otherwise
 */
public record RequestResult(
    int index,
    String session,
    double scheduledMs,
    double startMs,
    double ttftMs,
    double itlMs,
    double e2eMs,
    int promptTokens,
    int outputTokens,
    int status,
    ErrorKind error,
    String endpoint) {

  /** Whether the request completed without error. */
  public boolean ok() {
    return error == null;
  }

  /** Whether the run's time limit cut it off (not counted as an error, as GuideLLM does). */
  public boolean incomplete() {
    return error == ErrorKind.INCOMPLETE;
  }

  /** Output tokens per second of this request, over its whole duration; NaN if it failed. */
  public double outputTokensPerSecond() {
    return ok() && e2eMs > 0 ? outputTokens * 1000.0 / e2eMs : Double.NaN;
  }

  /** The key errors are counted under: the kind, plus the status for HTTP errors. */
  public String errorKey() {
    if (error == null) {
      return null;
    }
    return error == ErrorKind.HTTP ? "http_" + status : error.key();
  }
}
