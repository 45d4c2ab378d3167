package dev.gorgo.proxy.observe;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Records finished requests between {@code start} and {@code stop} and renders them as a Chrome
 * trace-event document ({@code {"traceEvents": [...]}}) that opens in Perfetto or chrome://tracing.
 *
 * <p>Each request becomes a {@code request} slice with nested slices {@code queue_wait}, {@code
 * routing_decision}, {@code upstream_ttft} (dispatch to first content chunk) and {@code stream}
 * (first chunk to end), plus its id, endpoint, status and prediction as arguments. Slices are
 * complete events ({@code ph: "X"}); requests are packed onto "lanes" (trace threads) so that
 * slices on one lane never overlap, which keeps nesting correct however many requests run at once.
 *
 * <p>Recording happens once per request at its end, under a lock only while a session is active (a
 * flag check otherwise). A session keeps at most {@code maxRequests}; later ones are counted as
 * dropped and reported in the metadata. Timestamps are microseconds since the session started.
 */
public final class TraceRecorder {
  private static final JsonFactory JSON = new JsonFactory();

  private final String nodeId;
  private final LongSupplier ticker;
  private final int maxRequests;
  private volatile Session session;

  /**
   * Creates a recorder.
   *
   * @param nodeId name shown as the trace's process (e.g. the listen address)
   * @param ticker the router's nanosecond clock, so request timings and the session share a base
   * @param maxRequests requests kept per session
   */
  public TraceRecorder(String nodeId, LongSupplier ticker, int maxRequests) {
    this.nodeId = nodeId;
    this.ticker = ticker;
    this.maxRequests = maxRequests;
  }

  /** Starts a session (discarding one already running); returns its description. */
  public synchronized Map<String, Object> start() {
    Session s = new Session("trace-" + System.currentTimeMillis(), ticker.getAsLong());
    session = s;
    return status();
  }

  /** The current session, or {@code active=false}. */
  public Map<String, Object> status() {
    Session s = session;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("active", s != null);
    out.put("node_id", nodeId);
    if (s != null) {
      synchronized (s) {
        out.put("session_id", s.id);
        out.put("started", s.startWall.toString());
        out.put("duration_ms", (ticker.getAsLong() - s.startNanos) / 1_000_000);
        out.put("requests", s.records.size());
        out.put("dropped", s.dropped);
      }
    }
    return out;
  }

  /** Whether a session is recording. */
  public boolean active() {
    return session != null;
  }

  /** Adds a finished request to the running session, if any. */
  public void record(RequestRecord r) {
    Session s = session;
    if (s == null || r.endNanos() < s.startNanos) {
      return;
    }
    synchronized (s) {
      if (s.records.size() >= maxRequests) {
        s.dropped++;
      } else {
        s.records.add(r);
      }
    }
  }

  /**
   * Stops the session and returns its trace document (UTF-8 JSON), or {@code null} when none was
   * running.
   */
  public byte[] stop() {
    Session s;
    synchronized (this) {
      s = session;
      session = null;
    }
    if (s == null) {
      return null;
    }
    synchronized (s) {
      return render(s, ticker.getAsLong());
    }
  }

  private byte[] render(Session s, long stopNanos) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + s.records.size() * 600);
    try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeArrayFieldStart("traceEvents");
      meta(g, "process_name", 0, Map.of("name", "gorgo-proxy " + nodeId));
      // Lane packing: records arrive in end order, so a lane is free for a request when its
      // last slice ended before the request arrived.
      List<Long> laneEnds = new ArrayList<>();
      for (RequestRecord r : s.records) {
        long start = Math.max(r.arrivalNanos(), s.startNanos);
        int lane = -1;
        for (int i = 0; i < laneEnds.size(); i++) {
          if (laneEnds.get(i) <= start) {
            lane = i;
            break;
          }
        }
        if (lane < 0) {
          lane = laneEnds.size();
          laneEnds.add(0L);
          meta(g, "thread_name", lane + 1, Map.of("name", "lane " + (lane + 1)));
        }
        laneEnds.set(lane, r.endNanos());
        writeRequest(g, s.startNanos, start, lane + 1, r);
      }
      g.writeEndArray();
      g.writeStringField("displayTimeUnit", "ms");
      g.writeObjectFieldStart("metadata");
      g.writeStringField("session_id", s.id);
      g.writeStringField("node_id", nodeId);
      g.writeStringField("started", s.startWall.toString());
      g.writeNumberField("duration_ms", (stopNanos - s.startNanos) / 1_000_000);
      g.writeNumberField("requests", s.records.size());
      g.writeNumberField("dropped", s.dropped);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeRequest(JsonGenerator g, long base, long start, int tid, RequestRecord r)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", "request");
    g.writeStringField("cat", "request");
    g.writeStringField("ph", "X");
    g.writeNumberField("ts", us(start - base));
    g.writeNumberField("dur", us(r.endNanos() - start));
    g.writeNumberField("pid", 1);
    g.writeNumberField("tid", tid);
    g.writeObjectFieldStart("args");
    g.writeStringField("request_id", r.requestId());
    g.writeStringField("route", r.route());
    g.writeBooleanField("stream", r.stream());
    g.writeNumberField("status", r.status());
    g.writeStringField("endpoint", r.endpointId() == null ? "" : r.endpointId());
    g.writeNumberField("prompt_tokens", r.promptTokens());
    g.writeNumberField("attempts", r.attempts());
    if (!r.error().isEmpty()) {
      g.writeStringField("error", r.error());
    }
    if (r.forwardedToPeer()) {
      g.writeBooleanField("forwarded_to_peer", true);
    }
    g.writeEndObject();
    g.writeEndObject();
    long dispatch = r.dispatchNanos();
    if (dispatch > 0) {
      long queueEnd = Math.max(start, dispatch - r.decideNanos());
      slice(g, "queue_wait", "queue", base, start, queueEnd, tid, null);
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("endpoint", r.endpointId());
      if (!Double.isNaN(r.predictedTtftMillis())) {
        args.put("predicted_ms", Math.round(r.predictedTtftMillis() * 100) / 100.0);
      }
      slice(g, "routing_decision", "route", base, queueEnd, dispatch, tid, args);
      long first = r.firstTokenNanos() > 0 ? r.firstTokenNanos() : r.endNanos();
      slice(g, "upstream_ttft", "upstream", base, dispatch, first, tid, null);
      if (r.firstTokenNanos() > 0) {
        slice(g, "stream", "upstream", base, r.firstTokenNanos(), r.endNanos(), tid, null);
      }
    }
  }

  private static void slice(
      JsonGenerator g,
      String name,
      String cat,
      long base,
      long from,
      long to,
      int tid,
      Map<String, Object> args)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("cat", cat);
    g.writeStringField("ph", "X");
    g.writeNumberField("ts", us(Math.max(0, from - base)));
    g.writeNumberField("dur", us(Math.max(0, to - from)));
    g.writeNumberField("pid", 1);
    g.writeNumberField("tid", tid);
    if (args != null) {
      g.writeObjectFieldStart("args");
      for (Map.Entry<String, Object> e : args.entrySet()) {
        g.writeObjectField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void meta(JsonGenerator g, String name, int tid, Map<String, String> args)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("ph", "M");
    g.writeNumberField("pid", 1);
    g.writeNumberField("tid", tid);
    g.writeObjectFieldStart("args");
    for (Map.Entry<String, String> e : args.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static double us(long nanos) {
    return nanos / 1000.0;
  }

  private static final class Session {
    final String id;
    final long startNanos;
    final Instant startWall = Instant.now();
    final List<RequestRecord> records = new ArrayList<>();
    long dropped;

    Session(String id, long startNanos) {
      this.id = id;
      this.startNanos = startNanos;
    }
  }
}
