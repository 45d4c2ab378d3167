package dev.gorgo.cli.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentDoubleHistogram;

/** Counters of a run in progress, read by the progress line. Thread-safe. */
public final class LiveStats {
  final long startNanos = System.nanoTime();
  final AtomicInteger sent = new AtomicInteger();
  final AtomicInteger ok = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final AtomicInteger incomplete = new AtomicInteger();
  final LongAdder outputTokens = new LongAdder();
  private final ConcurrentDoubleHistogram ttft = new ConcurrentDoubleHistogram(3);

  LiveStats() {
    ttft.setAutoResize(true);
  }

  void record(RequestResult r) {
    if (r.ok()) {
      ok.incrementAndGet();
      outputTokens.add(r.outputTokens());
      if (!Double.isNaN(r.ttftMs())) {
        ttft.recordValue(Math.max(r.ttftMs(), 1e-3));
      }
    } else if (r.incomplete()) {
      incomplete.incrementAndGet();
    } else {
      failed.incrementAndGet();
    }
  }

  /** Seconds since the run started. */
  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Requests sent so far. */
  public int sent() {
    return sent.get();
  }

  /** Requests completed successfully so far. */
  public int ok() {
    return ok.get();
  }

  /** Requests failed so far. */
  public int failed() {
    return failed.get();
  }

  /** Requests sent and not yet finished. */
  public int inFlight() {
    return sent.get() - ok.get() - failed.get() - incomplete.get();
  }

  /** Output tokens per second so far. */
  public double outputTokensPerSecond() {
    double s = elapsedSeconds();
    return s > 0 ? outputTokens.sum() / s : 0;
  }

  /** Median time to first token so far in ms, NaN before the first success. */
  public double ttftP50() {
    return ttft.getTotalCount() == 0 ? Double.NaN : ttft.getValueAtPercentile(50);
  }
}
