package dev.gorgo.cli.bench;

/**
 * A source of requests. Each run of a benchmark opens its own {@link Cursor}, so every phase of a
 * sweep (and every policy of the demo) replays the same requests in the same order.
 */
public interface Workload {

  /** A one-line description for reports (never prompt text). */
  String describe();

  /** Whether requests carry arrival times (needed by the {@code replay} profile). */
  boolean hasArrivalTimes();

  /** Opens a new cursor at the first request. */
  Cursor open();

  /** Hands out requests in order. Thread-safe. */
  interface Cursor {
    /** The next request, or {@code null} when the workload is exhausted. */
    BenchRequest next();
  }
}
