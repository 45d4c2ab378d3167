package dev.gorgo.sglang.internal;

import dev.gorgo.sglang.BreakerState;

/**
 * A per-endpoint circuit breaker on consecutive request failures: closed while requests succeed;
 * open for a fixed time after {@code threshold} consecutive failures; then half-open, where the
 * next outcome decides (success closes it, failure opens it again).
 *
 * <p>Time is passed in (nanoseconds from the caller's ticker) so tests need no sleeps. All methods
 * are synchronized: they run once per request or probe, far from contention.
 */
public final class CircuitBreaker {
  private final int threshold;
  private final long openNanos;
  private int failures;
  private long openedAt;
  private boolean open;

  /**
   * Creates a closed breaker.
   *
   * @param threshold consecutive failures that open it, at least 1
   * @param openNanos how long it stays open, in nanoseconds, at least 0
   */
  public CircuitBreaker(int threshold, long openNanos) {
    if (threshold < 1 || openNanos < 0) {
      throw new IllegalArgumentException("threshold must be >= 1 and openNanos >= 0");
    }
    this.threshold = threshold;
    this.openNanos = openNanos;
  }

  /**
   * Returns the state at a time.
   *
   * @param now current time in nanoseconds
   * @return the state
   */
  public synchronized BreakerState state(long now) {
    if (!open) {
      return BreakerState.CLOSED;
    }
    return now - openedAt >= openNanos ? BreakerState.HALF_OPEN : BreakerState.OPEN;
  }

  /**
   * Records a success: the breaker closes.
   *
   * @param now current time in nanoseconds
   */
  public synchronized void success(long now) {
    failures = 0;
    open = false;
  }

  /**
   * Records a failure.
   *
   * @param now current time in nanoseconds
   * @return {@code true} if this failure opened the breaker (from closed or half-open)
   */
  public synchronized boolean failure(long now) {
    failures++;
    boolean halfOpen = open && now - openedAt >= openNanos;
    if ((!open && failures >= threshold) || halfOpen) {
      open = true;
      openedAt = now;
      return true;
    }
    return false;
  }
}
