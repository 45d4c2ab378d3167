package dev.gorgo.sglang;

import java.util.Map;
import java.util.Objects;

/**
 * One sample of an SGLang Prometheus exposition, with its name normalised: the {@code sglang:} or
 * {@code sglang_} prefix is stripped (so {@code sglang:num_running_reqs} and {@code
 * sglang_num_running_reqs} both read {@code num_running_reqs}). Histogram series keep their {@code
 * _bucket}, {@code _sum} and {@code _count} suffixes. Immutable and thread-safe.
 *
 * @param name the metric name without the SGLang prefix
 * @param labels the sample's labels (immutable, possibly empty)
 * @param value the sample's value (may be NaN or infinite, as the exposition says)
 */
public record MetricSample(String name, Map<String, String> labels, double value) {
  /**
   * Validates and copies the components.
   *
   * @throws NullPointerException if {@code name} or {@code labels} is {@code null}
   */
  public MetricSample {
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
  }
}
