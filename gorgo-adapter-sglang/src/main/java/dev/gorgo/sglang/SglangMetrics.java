package dev.gorgo.sglang;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.gorgo.sglang.internal.PrometheusTextParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One scrape of an SGLang server's {@code /metrics}, combined into server totals the way the HTTP
 * contract prescribes, plus the raw samples. Immutable and thread-safe.
 *
 * <h2>How label sets are combined</h2>
 *
 * <p>Names are matched without their prefix, so {@code sglang:} (the engine) and {@code sglang_}
 * (gateways, {@code /v1/loads?format=prometheus}) both work, and unknown labels are tolerated.
 * Scheduler gauges are grouped by {@code dp_rank} (absent = one rank); inside a rank several series
 * (other {@code tp_rank}s or {@code pp_rank}s, with {@code --enable-metrics-for-all-schedulers})
 * describe the same batch, so the one with the lowest {@code (pp_rank, tp_rank)} is taken, never a
 * sum (duplicates differing in other labels, such as {@code pid}, give their maximum). Across DP
 * ranks the count gauges are summed. KV usage is {@code Σ num_used_tokens / Σ max_total_num_tokens}
 * when the capacity is exported, else the maximum {@code token_usage} over ranks. Counters are
 * summed over every label set, except {@code cached_tokens_total}, which uses only its {@code
 * cache_source="total"} series when one exists (the others are its parts).
 *
 * @param runningRequests requests in the running batches ({@code num_running_reqs}), or -1 when the
 *     server exports no such gauge
 * @param queuedRequests requests waiting ({@code num_queue_reqs}), or -1 when absent
 * @param kvUsage KV cache utilisation 0..1, or NaN when absent
 * @param usedTokens KV tokens pinned by requests ({@code num_used_tokens}), or -1
 * @param maxTotalTokens KV capacity in tokens ({@code max_total_num_tokens}), or -1 (older servers
 *     do not export it; use {@link ServerInfo#maxTotalNumTokens()})
 * @param genThroughput output tokens per second over the last log interval, or NaN
 * @param cacheHitRate the last prefill batch's cache hit rate 0..1 (maximum over ranks), or NaN
 * @param promptTokensTotal counter of prompt tokens of finished requests, or NaN
 * @param cachedTokensTotal counter of prefix-cache hit tokens, or NaN
 * @param requestsTotal counter of finished requests, or NaN
 * @param samples every SGLang sample of the scrape, names normalised (immutable)
 */
public record SglangMetrics(
    int runningRequests,
    int queuedRequests,
    double kvUsage,
    long usedTokens,
    long maxTotalTokens,
    double genThroughput,
    double cacheHitRate,
    double promptTokensTotal,
    double cachedTokensTotal,
    double requestsTotal,
    List<MetricSample> samples) {

  /**
   * Copies the sample list.
   *
   * @throws NullPointerException if {@code samples} is {@code null}
   */
  public SglangMetrics {
    samples = List.copyOf(samples);
  }

  /**
   * Parses a Prometheus text exposition and combines it. Malformed lines are skipped.
   *
   * @param exposition the {@code /metrics} body
   * @return the combined metrics, never {@code null}
   */
  public static SglangMetrics parse(CharSequence exposition) {
    return of(PrometheusTextParser.parse(exposition).samples);
  }

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

  /**
   * Parses a {@code GET /v1/loads?include=core} answer (newer servers; no {@code --enable-metrics}
   * needed) and combines it like a scrape: every numeric field of every {@code loads[]} entry
   * becomes a sample labelled with its {@code dp_rank}, with {@code num_waiting_reqs} read as
   * {@code num_queue_reqs}.
   *
   * @param json the answer body
   * @return the combined metrics
   * @throws IOException if the body is not a JSON object
   */
  public static SglangMetrics parseLoads(byte[] json) throws IOException {
    List<MetricSample> samples = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("loads answer is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if ("loads".equals(name) && v == JsonToken.START_ARRAY) {
          JsonToken t;
          while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            loadEntry(p, samples);
          }
          if (t != JsonToken.END_ARRAY) {
            throw new IOException("loads must hold objects");
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (RuntimeException e) {
      throw new IOException("unreadable loads answer (" + e.getClass().getSimpleName() + ")");
    }
    return of(samples);
  }

  private static void loadEntry(JsonParser p, List<MetricSample> out) throws IOException {
    Map<String, Double> values = new HashMap<>();
    String rank = "0";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
        if ("dp_rank".equals(name)) {
          rank = p.getText();
        } else {
          values.put("num_waiting_reqs".equals(name) ? "num_queue_reqs" : name, p.getDoubleValue());
        }
      } else {
        p.skipChildren();
      }
    }
    for (Map.Entry<String, Double> e : values.entrySet()) {
      out.add(new MetricSample(e.getKey(), Map.of("dp_rank", rank), e.getValue()));
    }
  }

  /**
   * Combines samples (normalised names) into server totals.
   *
   * @param samples the samples
   * @return the combined metrics
   */
  public static SglangMetrics of(List<MetricSample> samples) {
    Map<String, Map<String, Pick>> gauges = new HashMap<>();
    Map<String, double[]> counters = new HashMap<>();
    boolean cachedHasTotal = false;
    for (MetricSample s : samples) {
      if (s.name().equals("cached_tokens_total")
          && "total".equals(s.labels().get("cache_source"))) {
        cachedHasTotal = true;
      }
    }
    for (MetricSample s : samples) {
      switch (s.name()) {
        case "num_running_reqs":
        case "num_queue_reqs":
        case "num_used_tokens":
        case "max_total_num_tokens":
        case "gen_throughput":
        case "token_usage":
        case "cache_hit_rate":
          pick(gauges, s);
          break;
        case "cached_tokens_total":
          if (!cachedHasTotal || "total".equals(s.labels().get("cache_source"))) {
            count(counters, s);
          }
          break;
        case "prompt_tokens_total":
        case "num_requests_total":
          count(counters, s);
          break;
        default:
          break;
      }
    }
    double running = sum(gauges, "num_running_reqs");
    double queued = sum(gauges, "num_queue_reqs");
    double used = sum(gauges, "num_used_tokens");
    double capacity = sum(gauges, "max_total_num_tokens");
    double kv;
    if (!Double.isNaN(used) && capacity > 0) {
      kv = Math.min(1.0, Math.max(0.0, used / capacity));
    } else {
      kv = max(gauges, "token_usage");
    }
    return new SglangMetrics(
        toInt(running),
        toInt(queued),
        kv,
        toLong(used),
        toLong(capacity),
        sum(gauges, "gen_throughput"),
        max(gauges, "cache_hit_rate"),
        counter(counters, "prompt_tokens_total"),
        counter(counters, "cached_tokens_total"),
        counter(counters, "num_requests_total"),
        samples);
  }

  private static void count(Map<String, double[]> counters, MetricSample s) {
    if (!Double.isNaN(s.value())) {
      counters.computeIfAbsent(s.name(), k -> new double[1])[0] += s.value();
    }
  }

  /** The series chosen for one DP rank of one gauge. */
  private static final class Pick {
    long pp;
    long tp;
    double value;
  }

  private static void pick(Map<String, Map<String, Pick>> gauges, MetricSample s) {
    if (Double.isNaN(s.value())) {
      return;
    }
    String dp = s.labels().getOrDefault("dp_rank", "0");
    long pp = rank(s.labels().get("pp_rank"));
    long tp = rank(s.labels().get("tp_rank"));
    Map<String, Pick> ranks = gauges.computeIfAbsent(s.name(), k -> new HashMap<>());
    Pick p = ranks.get(dp);
    if (p == null) {
      p = new Pick();
      p.pp = pp;
      p.tp = tp;
      p.value = s.value();
      ranks.put(dp, p);
    } else if (pp < p.pp || (pp == p.pp && tp < p.tp)) {
      p.pp = pp;
      p.tp = tp;
      p.value = s.value();
    } else if (pp == p.pp && tp == p.tp) {
      p.value = Math.max(p.value, s.value());
    }
  }

  private static long rank(@Nullable String label) {
    if (label == null || label.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(label);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static double sum(Map<String, Map<String, Pick>> gauges, String name) {
    Map<String, Pick> ranks = gauges.get(name);
    if (ranks == null) {
      return Double.NaN;
    }
    double total = 0;
    for (Pick p : ranks.values()) {
      total += p.value;
    }
    return total;
  }

  private static double max(Map<String, Map<String, Pick>> gauges, String name) {
    Map<String, Pick> ranks = gauges.get(name);
    if (ranks == null) {
      return Double.NaN;
    }
    double m = Double.NEGATIVE_INFINITY;
    for (Pick p : ranks.values()) {
      m = Math.max(m, p.value);
    }
    return m;
  }

  private static double counter(Map<String, double[]> counters, String name) {
    double[] v = counters.get(name);
    return v == null ? Double.NaN : v[0];
  }

  private static int toInt(double v) {
    if (Double.isNaN(v)) {
      return -1;
    }
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.round(v)));
  }

  private static long toLong(double v) {
    if (Double.isNaN(v)) {
      return -1;
    }
    return Math.max(0, Math.round(v));
  }

  /**
   * Returns whether the scrape had the scheduler gauges a router needs (running and queued).
   *
   * @return {@code true} if both {@link #runningRequests()} and {@link #queuedRequests()} are known
   */
  public boolean hasLoad() {
    return runningRequests >= 0 && queuedRequests >= 0;
  }

  /** Summarises the combined values (the samples are only counted). */
  @Override
  public String toString() {
    return "SglangMetrics[running="
        + runningRequests
        + ", queued="
        + queuedRequests
        + ", kvUsage="
        + kvUsage
        + ", usedTokens="
        + usedTokens
        + ", maxTotalTokens="
        + maxTotalTokens
        + ", samples="
        + samples.size()
        + "]";
  }
}
