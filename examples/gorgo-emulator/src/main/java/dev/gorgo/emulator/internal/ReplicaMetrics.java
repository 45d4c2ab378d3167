package dev.gorgo.emulator.internal;

import java.util.Locale;

/**
 * The Prometheus metrics of one emulated replica, with SGLang's names, types and labels.
 *
 * <p>Scheduler gauges ({@code num_running_reqs}, {@code num_queue_reqs}, {@code token_usage}, ...)
 * carry the labels {@code model_name, engine_type, tp_rank, pp_rank}; tokenizer-side counters and
 * histograms carry {@code model_name} and {@code engine_type}. Unlike SGLang, which samples its
 * gauges every {@code decode_log_interval} steps, the gauges here are refreshed after every engine
 * step, so they are never stale. All durations are in model time (seconds).
 *
 * <p>Thread-safe: the engine thread records, HTTP threads render; both under this object's lock, so
 * a rendering is a consistent snapshot.
 */
public final class ReplicaMetrics {
  private static final double[] TTFT_BUCKETS = {
    0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400
  };
  private static final double[] E2E_BUCKETS = {
    0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400, 600, 1200, 1800, 2400
  };
  private static final double[] ITL_BUCKETS = {
    0.002, 0.004, 0.006, 0.008, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.06, 0.08, 0.1, 0.2,
    0.4, 0.6, 0.8, 1, 2, 4, 6, 8
  };
  private static final double[] QUEUE_BUCKETS = {
    0, 0.1, 0.2, 0.5, 1, 2, 3, 4, 5, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300, 400,
    500, 600, 700, 800, 900, 1000, 1200, 1400, 1600, 1800, 2000, 2500, 3000
  };

  private final String schedulerLabels;
  private final String tokenizerLabels;
  private final long capacityTokens;
  private final int pageSize;

  // Gauges.
  private int running;
  private int queued;
  private double kvUsage;
  private double genThroughput;
  private double cacheHitRate;
  // Counters.
  private long promptTokens;
  private long generationTokens;
  private long cachedTokens;
  private long requests;
  private long aborted;
  // Histograms.
  private final Histogram ttft = new Histogram(TTFT_BUCKETS);
  private final Histogram e2e = new Histogram(E2E_BUCKETS);
  private final Histogram itl = new Histogram(ITL_BUCKETS);
  private final Histogram queueTime = new Histogram(QUEUE_BUCKETS);

  /**
   * Creates the metrics of a replica.
   *
   * @param modelName served model name (the {@code model_name} label)
   * @param capacityTokens KV capacity in tokens
   * @param pageSize tokens per KV page
   */
  public ReplicaMetrics(String modelName, long capacityTokens, int pageSize) {
    String model = escape(modelName);
    this.schedulerLabels =
        "model_name=\"" + model + "\",engine_type=\"unified\",tp_rank=\"0\",pp_rank=\"0\"";
    this.tokenizerLabels = "model_name=\"" + model + "\",engine_type=\"unified\"";
    this.capacityTokens = capacityTokens;
    this.pageSize = pageSize;
  }

  synchronized void gauges(int running, int queued, double kvUsage) {
    this.running = running;
    this.queued = queued;
    this.kvUsage = kvUsage;
  }

  synchronized void throughput(double tokensPerSecond, double hitRate) {
    this.genThroughput = tokensPerSecond;
    this.cacheHitRate = hitRate;
  }

  synchronized void prefillStarted(double queueSeconds) {
    queueTime.observe(queueSeconds);
  }

  synchronized void firstToken(double ttftSeconds) {
    ttft.observe(ttftSeconds);
  }

  synchronized void token(double gapSeconds) {
    itl.observe(gapSeconds);
  }

  synchronized void finished(int prompt, int cached, int output, double e2eSeconds) {
    requests++;
    promptTokens += prompt;
    generationTokens += output;
    cachedTokens += cached;
    e2e.observe(e2eSeconds);
  }

  synchronized void aborted(int prompt, int cached, int output) {
    aborted++;
    promptTokens += prompt;
    generationTokens += output;
    cachedTokens += cached;
  }

  /**
   * Returns a consistent snapshot of the counters.
   *
   * @return the snapshot
   */
  public synchronized Counters counters() {
    return new Counters(
        running, queued, kvUsage, requests, aborted, promptTokens, cachedTokens, generationTokens);
  }

  /**
   * A consistent snapshot of the replica's load and totals.
   *
   * @param running requests in the running batch
   * @param queued requests waiting
   * @param kvUsage share of the KV pool pinned by requests
   * @param requests finished requests
   * @param aborted aborted requests
   * @param promptTokens prompt tokens of finished and aborted requests
   * @param cachedTokens prompt tokens served from cache
   * @param generationTokens output tokens
   */
  public record Counters(
      int running,
      int queued,
      double kvUsage,
      long requests,
      long aborted,
      long promptTokens,
      long cachedTokens,
      long generationTokens) {}

  /**
   * Renders the Prometheus text exposition (format 0.0.4).
   *
   * @return the exposition
   */
  public synchronized String render() {
    StringBuilder sb = new StringBuilder(8192);
    gauge(sb, "num_running_reqs", "The number of running requests.", running);
    gauge(sb, "num_queue_reqs", "The number of requests in the waiting queue.", queued);
    gauge(
        sb, "num_used_tokens", "The number of used tokens.", Math.round(kvUsage * capacityTokens));
    gauge(sb, "token_usage", "The token usage.", round4(kvUsage));
    gauge(sb, "max_total_num_tokens", "Maximum total number of tokens.", capacityTokens);
    gauge(sb, "gen_throughput", "The generation throughput (token/s).", genThroughput);
    gauge(sb, "cache_hit_rate", "The prefix cache hit rate.", cacheHitRate);
    sb.append("# HELP sglang:cache_config_info KV cache shape.\n")
        .append("# TYPE sglang:cache_config_info gauge\n")
        .append("sglang:cache_config_info{")
        .append(schedulerLabels)
        .append(",page_size=\"")
        .append(pageSize)
        .append("\",num_pages=\"")
        .append(capacityTokens / Math.max(1, pageSize))
        .append("\"} 1.0\n");
    counter(sb, "prompt_tokens_total", "Number of prefill tokens processed.", promptTokens);
    counter(
        sb, "generation_tokens_total", "Number of generation tokens processed.", generationTokens);
    counter(sb, "cached_tokens_total", "Number of cached prompt tokens.", cachedTokens);
    counter(sb, "num_requests_total", "Number of requests processed.", requests);
    counter(sb, "num_aborted_requests_total", "Number of requests aborted.", aborted);
    ttft.render(sb, "time_to_first_token_seconds", "Histogram of time to first token in seconds.");
    itl.render(sb, "inter_token_latency_seconds", "Histogram of inter-token latency in seconds.");
    e2e.render(
        sb, "e2e_request_latency_seconds", "Histogram of End-to-end request latency in seconds");
    queueTime.render(sb, "queue_time_seconds", "Histogram of queueing time in seconds.");
    return sb.toString();
  }

  private void gauge(StringBuilder sb, String name, String help, double value) {
    header(sb, name, help, "gauge");
    sb.append("sglang:").append(name).append('{').append(schedulerLabels).append("} ");
    sb.append(format(value)).append('\n');
  }

  private void counter(StringBuilder sb, String name, String help, double value) {
    header(sb, name, help, "counter");
    sb.append("sglang:").append(name).append('{').append(tokenizerLabels).append("} ");
    sb.append(format(value)).append('\n');
  }

  private static void header(StringBuilder sb, String name, String help, String type) {
    sb.append("# HELP sglang:").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE sglang:").append(name).append(' ').append(type).append('\n');
  }

  private final class Histogram {
    private final double[] bounds;
    private final long[] counts;
    private double sum;
    private long count;

    Histogram(double[] bounds) {
      this.bounds = bounds;
      this.counts = new long[bounds.length];
    }

    void observe(double v) {
      for (int i = 0; i < bounds.length; i++) {
        if (v <= bounds[i]) {
          counts[i]++;
          break;
        }
      }
      sum += v;
      count++;
    }

    void render(StringBuilder sb, String name, String help) {
      header(sb, name, help, "histogram");
      String prefix = "sglang:" + name;
      sb.append(prefix).append("_sum{").append(tokenizerLabels).append("} ");
      sb.append(format(sum)).append('\n');
      long cumulative = 0;
      for (int i = 0; i < bounds.length; i++) {
        cumulative += counts[i];
        bucket(sb, prefix, format(bounds[i]), cumulative);
      }
      bucket(sb, prefix, "+Inf", count);
      sb.append(prefix).append("_count{").append(tokenizerLabels).append("} ");
      sb.append(format(count)).append('\n');
    }

    private void bucket(StringBuilder sb, String prefix, String le, long cumulative) {
      sb.append(prefix).append("_bucket{le=\"").append(le).append("\",");
      sb.append(tokenizerLabels).append("} ").append(format(cumulative)).append('\n');
    }
  }

  private static double round4(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  /** Formats like Python's {@code repr(float)}: {@code 3.0}, {@code 0.25}, {@code 1.5e+07}. */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e16) {
      return (long) v + ".0";
    }
    String s = Double.toString(v);
    int e = s.indexOf('E');
    if (e < 0) {
      return s;
    }
    String exp = s.substring(e + 1);
    String sign = exp.startsWith("-") ? "-" : "+";
    String digits = exp.startsWith("-") ? exp.substring(1) : exp;
    return s.substring(0, e)
        + "e"
        + sign
        + (digits.length() < 2 ? "0" + digits : digits).toLowerCase(Locale.ROOT);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
