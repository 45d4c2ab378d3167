package dev.gorgo.router;

import dev.gorgo.api.RejectReason;
import java.time.Duration;
import java.util.Objects;

/**
 * The router did not route a request: the admission queue was full, the request waited too long, it
 * was cancelled, no endpoint can serve it, or the router is shutting down. The message never
 * contains prompt content. Rejections are flow control, not bugs, so the exception carries no stack
 * trace.
 */
public final class RejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  private final RejectReason reason;

  /** When to retry, for {@link RejectReason#QUEUE_FULL}. */
  private final Duration retryAfter;

  /**
   * Creates a rejection.
   *
   * @param reason why; never {@code null}
   * @param message a short explanation for the client (no prompt content)
   * @param retryAfter how long the client should wait before retrying ({@link Duration#ZERO} when
   *     there is no advice); never {@code null}
   */
  public RejectedException(RejectReason reason, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /**
   * Why the request was rejected; proxies map it to an HTTP status (see {@link RejectReason}).
   *
   * @return the reason, never {@code null}
   */
  public RejectReason reason() {
    return reason;
  }

  /**
   * How long the client should wait before retrying: an estimate of the queue's drain time for
   * {@link RejectReason#QUEUE_FULL} (at least one second), {@link Duration#ZERO} otherwise.
   *
   * @return the advice, never {@code null}
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
