package dev.gorgo.cli.bench;

import java.util.Locale;

/** How requests are paced (the GuideLLM profiles, plus trace replay). */
public enum Profile {
  /** Open loop: exponential gaps with mean 1/rate (seeded). */
  POISSON,
  /** Open loop: evenly spaced at the rate. */
  CONSTANT,
  /** Closed loop: {@code --concurrency} streams, each sending its next request when one ends. */
  CONCURRENT,
  /**
   * Synchronous (one stream), then throughput, then {@code --sweep-steps} constant rates spread
   * evenly between the two measured rates.
   */
  SWEEP,
  /** Everything at once, up to {@code --concurrency} in flight: the server's maximum throughput. */
  THROUGHPUT,
  /** Open loop at the arrival times recorded in the data, divided by {@code --time-scale}. */
  REPLAY;

  /** The lower-case name used on the command line and in reports. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this profile sends at a rate (open loop). */
  public boolean openLoop() {
    return this == POISSON || this == CONSTANT || this == THROUGHPUT || this == REPLAY;
  }
}
