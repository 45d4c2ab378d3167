package dev.gorgo.cli.bench;

import java.util.function.ToDoubleFunction;
import org.HdrHistogram.DoubleHistogram;

/**
 * Distribution of one metric over a run's requests, from an HdrHistogram (3 significant digits).
 * All values in the metric's unit (ms, or tokens/s); NaN when there was no sample.
 *
 * @param count samples
 * @param mean arithmetic mean
 * @param min smallest
 * @param p50 median
 * @param p90 90th percentile
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max largest
 */
public record Summary(
    long count,
    double mean,
    double min,
    double p50,
    double p90,
    double p95,
    double p99,
    double max) {

  /** The summary of no samples. */
  public static final Summary EMPTY =
      new Summary(
          0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** Summarises a histogram. */
  public static Summary of(DoubleHistogram h) {
    if (h.getTotalCount() == 0) {
      return EMPTY;
    }
    return new Summary(
        h.getTotalCount(),
        h.getMean(),
        h.getMinValue(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(90),
        h.getValueAtPercentile(95),
        h.getValueAtPercentile(99),
        h.getMaxValue());
  }

  /** Summarises one metric of the successful results, skipping NaN values. */
  public static Summary of(
      Iterable<RequestResult> results, ToDoubleFunction<RequestResult> metric) {
    DoubleHistogram h = histogram();
    for (RequestResult r : results) {
      double v = metric.applyAsDouble(r);
      if (r.ok() && !Double.isNaN(v)) {
        h.recordValue(Math.max(v, 1e-3));
      }
    }
    return of(h);
  }

  /** A histogram for ms or tokens/s values: auto-resizing, 3 significant digits. */
  public static DoubleHistogram histogram() {
    DoubleHistogram h = new DoubleHistogram(3);
    h.setAutoResize(true);
    return h;
  }
}
