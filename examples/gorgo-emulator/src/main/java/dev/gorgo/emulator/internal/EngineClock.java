package dev.gorgo.emulator.internal;

/**
 * Maps wall-clock time to the engine's model time.
 *
 * <p>With a finite time scale {@code s}, model time runs {@code s} times faster than the wall clock
 * from the moment the clock was created: {@code model = (wall - origin) * s}. With an infinite
 * scale the clock is <em>instant</em>: model time does not follow the wall clock at all but jumps
 * from event to event, so the engine's work costs no wall time.
 *
 * <p>Thread-safe for {@link #wallNanos} and {@link #scale} (immutable state); {@link #modelNanos}
 * and {@link #jumpTo} are called by the engine thread only.
 */
public final class EngineClock {
  private final double scale;
  private final long originWall;
  private long virtualNow;

  /**
   * Creates a clock starting now.
   *
   * @param scale model seconds per wall second, positive; {@link Double#POSITIVE_INFINITY} for an
   *     instant clock
   */
  public EngineClock(double scale) {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("time scale must be > 0, was " + scale);
    }
    this.scale = scale;
    this.originWall = System.nanoTime();
  }

  /**
   * Returns whether model time jumps from event to event instead of following the wall clock.
   *
   * @return {@code true} for an infinite scale
   */
  public boolean instant() {
    return Double.isInfinite(scale);
  }

  /**
   * Returns the scale factor.
   *
   * @return model seconds per wall second
   */
  public double scale() {
    return scale;
  }

  /**
   * Returns the current model time (engine thread only).
   *
   * @return model nanoseconds since the clock started
   */
  public long modelNanos() {
    if (instant()) {
      return virtualNow;
    }
    return (long) ((System.nanoTime() - originWall) * scale);
  }

  /**
   * Moves an instant clock forward to an event time (engine thread only); ignored otherwise.
   *
   * @param modelNanos model time, not earlier than the current one
   */
  public void jumpTo(long modelNanos) {
    if (instant() && modelNanos > virtualNow) {
      virtualNow = modelNanos;
    }
  }

  /**
   * Returns the wall time (as {@link System#nanoTime()}) at which a model time is reached; for an
   * instant clock, now.
   *
   * @param modelNanos model time
   * @return wall nanoseconds
   */
  public long wallNanos(long modelNanos) {
    if (instant()) {
      return System.nanoTime();
    }
    return originWall + (long) (modelNanos / scale);
  }

  /**
   * Converts a wall-clock duration of the real system (such as a network delay) to the emulated
   * wall duration under this scale.
   *
   * @param realNanos a real duration
   * @return the scaled duration, zero for an instant clock
   */
  public long scaleDuration(long realNanos) {
    return instant() ? 0 : (long) (realNanos / scale);
  }
}
