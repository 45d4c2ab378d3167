package dev.gorgo.lambda.internal;

import dev.gorgo.lambda.TimeSource;

/**
 * Client-side pacing for the Lambda Cloud API: at most one request per {@code interval}, and at
 * most one launch per {@code launchInterval} (the spec: 1 request/s, launch 1 per 12 s).
 *
 * <p>Slots are reserved under a lock and slept for outside it, so concurrent callers queue in
 * arrival order without holding the lock while sleeping: each caller takes the earliest free slot,
 * moves the next free slot one interval on, and then waits for its own slot.
 */
public final class RateLimiter {
  private final TimeSource time;
  private final long intervalNanos;
  private final long launchIntervalNanos;
  private long nextSlot;
  private long nextLaunchSlot;
  private boolean primed;

  /**
   * Creates a limiter.
   *
   * @param time the clock and sleeper
   * @param intervalNanos minimum spacing of any two requests, in nanoseconds
   * @param launchIntervalNanos minimum spacing of two launches, in nanoseconds
   */
  public RateLimiter(TimeSource time, long intervalNanos, long launchIntervalNanos) {
    this.time = time;
    this.intervalNanos = intervalNanos;
    this.launchIntervalNanos = launchIntervalNanos;
  }

  /**
   * Waits until a request may be sent.
   *
   * @param launch true for {@code POST /instance-operations/launch}
   * @throws InterruptedException if interrupted while waiting
   */
  public void acquire(boolean launch) throws InterruptedException {
    long now = time.nanoTime();
    long slot;
    synchronized (this) {
      if (!primed) {
        nextSlot = now;
        nextLaunchSlot = now;
        primed = true;
      }
      slot = Math.max(now, nextSlot);
      if (launch) {
        slot = Math.max(slot, nextLaunchSlot);
        nextLaunchSlot = slot + launchIntervalNanos;
      }
      nextSlot = slot + intervalNanos;
    }
    long wait = slot - now;
    if (wait > 0) {
      time.sleep(wait);
    }
  }
}
