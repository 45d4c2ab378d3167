package dev.gorgo.api;

/**
 * A source of monotonic time in nanoseconds. Everything in GORGO reads time through a ticker so the
 * simulator can run the same code in virtual time.
 *
 * <p>Implementations must be thread-safe and monotonic (never decreasing).
 */
@FunctionalInterface
public interface Ticker {
  /**
   * Returns the current time.
   *
   * @return nanoseconds since an arbitrary, fixed origin
   */
  long nanos();

  /**
   * Returns the system ticker, backed by {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return System::nanoTime;
  }
}
