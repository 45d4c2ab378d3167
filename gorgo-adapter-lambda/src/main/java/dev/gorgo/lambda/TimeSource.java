package dev.gorgo.lambda;

import java.util.concurrent.TimeUnit;

/**
 * The clock and sleeper used for client-side rate limiting, retry back-off and polling. Tests
 * inject a fake that advances virtual time on {@link #sleep(long)}, so pacing is checked without
 * waiting.
 *
 * <p>Implementations must be thread-safe.
 */
public interface TimeSource {

  /**
   * A monotonic reading.
   *
   * @return nanoseconds since an arbitrary origin
   */
  long nanoTime();

  /**
   * Blocks for the given time.
   *
   * @param nanos how long, in nanoseconds; zero or negative returns at once
   * @throws InterruptedException if interrupted while sleeping
   */
  void sleep(long nanos) throws InterruptedException;

  /**
   * The real clock: {@link System#nanoTime()} and {@link TimeUnit#sleep(long)}.
   *
   * @return the system time source
   */
  static TimeSource system() {
    return SystemTime.INSTANCE;
  }

  /** The real clock. */
  enum SystemTime implements TimeSource {
    /** The only instance. */
    INSTANCE;

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  }
}
