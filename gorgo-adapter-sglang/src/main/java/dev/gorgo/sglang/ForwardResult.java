package dev.gorgo.sglang;

import dev.gorgo.api.Outcome;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * How one forwarded request went. Immutable.
 *
 * @param ending how the exchange ended
 * @param status the upstream HTTP status, or -1 when no answer arrived
 * @param ttftNanos nanoseconds from sending to the first content chunk, or -1 if none arrived
 * @param durationNanos nanoseconds from sending to the end of the exchange
 * @param usage token counts the upstream reported ({@link Usage#NONE} when none)
 * @param events SSE events (or body chunks) written to the sink
 * @param bytes bytes written to the sink
 * @param streamError whether the upstream sent an error event inside a 200 stream (for example "The
 *     request queue is full.")
 * @param failure the upstream or sink failure, or {@code null}; its message holds no prompt text
 */
public record ForwardResult(
    Ending ending,
    int status,
    long ttftNanos,
    long durationNanos,
    Usage usage,
    long events,
    long bytes,
    boolean streamError,
    @Nullable IOException failure) {

  /** How a forwarded exchange ended. */
  public enum Ending {
    /** The whole answer (whatever its status) was relayed. */
    COMPLETED,
    /**
     * Nothing reached the sink: the connection failed, or a retryable status (408, 429, 500, 502,
     * 503, 504) was held back so the request can be retried elsewhere.
     */
    NOT_STARTED,
    /**
     * The upstream failed after the sink started: the connection dropped, the read went idle for
     * longer than the read timeout, or an SSE stream ended without {@code [DONE]}.
     */
    UPSTREAM_FAILED,
    /** The sink failed (the caller went away); the upstream call was cancelled. */
    CALLER_GONE
  }

  /**
   * Returns whether the answer was a complete 2xx without an in-stream error.
   *
   * @return {@code true} on success
   */
  public boolean succeeded() {
    return ending == Ending.COMPLETED && status >= 200 && status < 300 && !streamError;
  }

  /**
   * Maps the result to the router's lease outcome: success; {@link Outcome#NOT_ACCEPTED} when the
   * replica never took the request (no answer, or a non-2xx status); {@link Outcome#TIMED_OUT} when
   * the stream went idle; {@link Outcome#CANCELLED} when the caller left; else {@link
   * Outcome#FAILED}.
   *
   * @return the outcome
   */
  public Outcome outcome() {
    switch (ending) {
      case COMPLETED:
        if (status < 200 || status >= 300) {
          return Outcome.NOT_ACCEPTED;
        }
        return streamError ? Outcome.FAILED : Outcome.SUCCESS;
      case NOT_STARTED:
        return Outcome.NOT_ACCEPTED;
      case CALLER_GONE:
        return Outcome.CANCELLED;
      default:
        return failure instanceof java.net.SocketTimeoutException
            ? Outcome.TIMED_OUT
            : Outcome.FAILED;
    }
  }
}
