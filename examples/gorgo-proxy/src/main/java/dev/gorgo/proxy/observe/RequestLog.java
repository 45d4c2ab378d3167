package dev.gorgo.proxy.observe;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last N finished requests, exported as CSV with the original system's columns (so analyses
 * written for it still run) and summarised for {@code /proxy/metrics/summary}.
 *
 * <p>Recording is a lock-free write into a ring ({@link AtomicReferenceArray} indexed by a sequence
 * number), so the request path never waits on an export. An export reads the ring oldest-first; a
 * record overwritten while the export runs may appear in its newer version, which is harmless for a
 * log.
 *
 * <p>CSV columns, in order: {@code request_id, timestamp, prompt_length, tokens,
 * network_latency_ms, ttft_ms, total_latency_ms, queue_time_ms, predicted_prefill_time_ms,
 * queued_tokens_at_routing, running_tokens_at_routing, selected_server, selected_server_id}, then
 * for every endpoint id (sorted) {@code <id>_prefix_hit, <id>_matched_len}, then for every id
 * {@code <id>_cost}, then {@code status_code, success, error}. Units and meanings: {@code
 * timestamp} is the dispatch time (after any queue wait) in RFC 3339 UTC seconds; {@code
 * prompt_length} characters of routing text; {@code tokens} the estimate used for routing;
 * latencies in ms with two decimals; {@code ttft_ms} is arrival to the first relayed content chunk
 * (the original measured time to response headers); {@code queue_time_ms} is the admission queue
 * wait (always 0 in the original); {@code _matched_len} is in prompt-key symbols; {@code _cost} is
 * -1 for an ineligible endpoint and 0 when the policy computes no cost. No prompt text is ever
 * stored.
 */
public final class RequestLog {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

  private final AtomicReferenceArray<RequestRecord> ring;
  private final AtomicLong sequence = new AtomicLong();
  private volatile boolean enabled;
  private volatile long clearedBefore;

  /**
   * Creates a log keeping the last {@code capacity} records; 0 creates a disabled log.
   *
   * @param capacity ring size
   */
  public RequestLog(int capacity) {
    this.ring = new AtomicReferenceArray<>(Math.max(1, capacity));
    this.enabled = capacity > 0;
  }

  /** Whether records are being kept. */
  public boolean enabled() {
    return enabled;
  }

  /** Turns recording on or off (existing records stay). */
  public void enabled(boolean on) {
    this.enabled = on;
  }

  /** Adds a finished request (no-op when disabled). Thread-safe, lock-free. */
  public void record(RequestRecord r) {
    if (!enabled) {
      return;
    }
    long seq = sequence.getAndIncrement();
    ring.set((int) (seq % ring.length()), r);
  }

  /** Forgets all records; returns how many were dropped. */
  public synchronized int clear() {
    int n = snapshot().size();
    clearedBefore = sequence.get();
    return n;
  }

  /** Records oldest first. */
  public List<RequestRecord> snapshot() {
    long end = sequence.get();
    long start = Math.max(clearedBefore, end - ring.length());
    List<RequestRecord> out = new ArrayList<>((int) (end - start));
    for (long s = start; s < end; s++) {
      RequestRecord r = ring.get((int) (s % ring.length()));
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** Writes the CSV (header and one row per record). */
  public static void writeCsv(List<RequestRecord> records, Writer out) throws IOException {
    TreeSet<String> ids = new TreeSet<>();
    for (RequestRecord r : records) {
      if (r.routing() != null) {
        ids.addAll(Arrays.asList(r.routing().ids()));
      }
    }
    StringBuilder sb = new StringBuilder(512);
    sb.append(
        "request_id,timestamp,prompt_length,tokens,network_latency_ms,ttft_ms,total_latency_ms,"
            + "queue_time_ms,predicted_prefill_time_ms,queued_tokens_at_routing,"
            + "running_tokens_at_routing,selected_server,selected_server_id");
    for (String id : ids) {
      sb.append(',').append(id).append("_prefix_hit,").append(id).append("_matched_len");
    }
    for (String id : ids) {
      sb.append(',').append(id).append("_cost");
    }
    sb.append(",status_code,success,error\n");
    out.write(sb.toString());
    for (RequestRecord r : records) {
      sb.setLength(0);
      Map<String, Integer> index = new LinkedHashMap<>();
      if (r.routing() != null) {
        String[] rid = r.routing().ids();
        for (int i = 0; i < rid.length; i++) {
          index.put(rid[i], i);
        }
      }
      long dispatchEpoch = r.startEpochMillis() + r.queueWaitNanos() / 1_000_000;
      sb.append(csv(r.requestId())).append(',');
      sb.append(
          RFC3339.format(Instant.ofEpochMilli(dispatchEpoch).truncatedTo(ChronoUnit.SECONDS)));
      sb.append(',').append(r.promptChars()).append(',').append(r.promptTokens()).append(',');
      sb.append(ms(r.networkLatencyMillis())).append(',').append(ms(r.ttftMillis())).append(',');
      sb.append(ms(r.totalMillis())).append(',').append(ms(r.queueMillis())).append(',');
      sb.append(ms(Double.isNaN(r.predictedTtftMillis()) ? 0 : r.predictedTtftMillis()));
      sb.append(',').append(r.queuedTokensAtRouting()).append(',');
      sb.append(r.runningTokensAtRouting()).append(',');
      sb.append(csv(r.endpointHost())).append(',').append(csv(r.endpointId()));
      for (String id : ids) {
        Integer i = index.get(id);
        if (i == null) {
          sb.append(",0.0000,0");
        } else {
          sb.append(',').append(String.format(Locale.ROOT, "%.4f", r.routing().prefixHit(i)));
          sb.append(',').append(r.routing().matched()[i]);
        }
      }
      for (String id : ids) {
        Integer i = index.get(id);
        sb.append(',').append(i == null ? "0.00" : ms(r.routing().cost()[i]));
      }
      sb.append(',').append(r.status()).append(',').append(r.success()).append(',');
      sb.append(csv(r.error())).append('\n');
      out.write(sb.toString());
    }
  }

  /**
   * The summary served at {@code /proxy/metrics/summary}: counts, means as in the original, and
   * percentiles (which the original lacked).
   */
  public Map<String, Object> summary() {
    List<RequestRecord> records = snapshot();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", records.size());
    out.put("metrics_collection_enabled", enabled);
    if (records.isEmpty()) {
      out.put("message", "no requests recorded yet");
      return out;
    }
    int ok = 0;
    double[] total = new double[records.size()];
    double[] ttft = new double[records.size()];
    int nTtft = 0;
    double sumNet = 0;
    Map<String, double[]> hit = new TreeMap<>();
    for (int k = 0; k < records.size(); k++) {
      RequestRecord r = records.get(k);
      if (r.success()) {
        ok++;
      }
      total[k] = r.totalMillis();
      if (r.firstTokenNanos() > 0) {
        ttft[nTtft++] = r.ttftMillis();
      }
      sumNet += r.networkLatencyMillis();
      if (r.routing() != null) {
        for (int i = 0; i < r.routing().ids().length; i++) {
          double[] acc = hit.computeIfAbsent(r.routing().ids()[i], x -> new double[2]);
          acc[0] += r.routing().prefixHit(i);
          acc[1]++;
        }
      }
    }
    out.put("success_count", ok);
    out.put("fail_count", records.size() - ok);
    out.put("avg_total_latency_ms", round(Arrays.stream(total).average().orElse(0)));
    out.put(
        "avg_ttft_ms", round(nTtft == 0 ? 0 : Arrays.stream(ttft, 0, nTtft).average().orElse(0)));
    out.put("avg_network_latency_ms", round(sumNet / records.size()));
    Map<String, Object> ratios = new LinkedHashMap<>();
    hit.forEach((id, acc) -> ratios.put(id, round(acc[0] / acc[1])));
    out.put("avg_prefix_cache_hit_ratios", ratios);
    out.put("ttft_ms", percentiles(Arrays.copyOf(ttft, nTtft)));
    out.put("total_latency_ms", percentiles(total));
    return out;
  }

  private static Map<String, Object> percentiles(double[] values) {
    Map<String, Object> p = new LinkedHashMap<>();
    if (values.length == 0) {
      return p;
    }
    Arrays.sort(values);
    p.put("p50", round(at(values, 0.50)));
    p.put("p90", round(at(values, 0.90)));
    p.put("p95", round(at(values, 0.95)));
    p.put("p99", round(at(values, 0.99)));
    p.put("max", round(values[values.length - 1]));
    return p;
  }

  private static double at(double[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String csv(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
