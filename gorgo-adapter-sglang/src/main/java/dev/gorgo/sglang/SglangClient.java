package dev.gorgo.sglang;

import dev.gorgo.sglang.internal.StreamRelay;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP client for SGLang servers: forwards generation requests and relays their answers event by
 * event, and reads the server's capacity ({@code /get_server_info}), load ({@code /metrics}),
 * health and round trip time, and flushes its prefix cache.
 *
 * <h2>Forwarding</h2>
 *
 * <p>{@link #forward} sends the request, hands the status and headers to the {@link StreamSink},
 * then relays the body: an SSE answer one complete event at a time (the sink flushes each), any
 * other answer chunk by chunk. Each SSE event's data is inspected on the way: the first one with
 * generated content marks the time to first token ({@link StreamSink#firstContent}), and {@code
 * usage}/{@code meta_info} counts are collected, including cached tokens when the server reports
 * them. When the sink throws (the caller went away), the upstream call is cancelled, which closes
 * the connection, and SGLang aborts the request.
 *
 * <h2>Timeouts</h2>
 *
 * <p>Forwarding has a connect timeout and a read-idle timeout (the longest silence between two
 * reads), and no overall deadline: a stream may run for as long as it keeps producing. (The
 * original system's 60 s whole-call timeout cut long streams.) Probes, metrics and server-info
 * calls have a short overall timeout instead; the {@code /health} readiness check has its own, long
 * one, because SGLang answers it only after a test generation.
 *
 * <h2>Round trip time</h2>
 *
 * <p>{@link #rttMillis} times a {@code GET} of a cheap path that does not generate ({@code
 * /v1/models} by default; never {@code /health}, which runs a generation on current servers), over
 * a kept-alive connection, and subtracts the server's own processing time when it reports one in a
 * {@code Server-Timing} header.
 *
 * <p>Instances are thread-safe and meant to be shared; they pool connections. {@link #close()}
 * releases the pool.
 */
public final class SglangClient implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final Set<String> DROPPED_REQUEST_HEADERS =
      Set.of(
          "host",
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "content-length",
          "accept-encoding",
          "content-type",
          "x-request-id");
  private final OkHttpClient forwardClient;
  private final OkHttpClient probeClient;
  private final OkHttpClient healthClient;
  private final @Nullable String apiKey;
  private final String rttPath;
  private final int maxEventBytes;
  private final int maxInfoBytes;

  private SglangClient(Builder b) {
    ConnectionPool pool = new ConnectionPool(b.maxIdleConnections, 5, TimeUnit.MINUTES);
    this.forwardClient =
        new OkHttpClient.Builder()
            .connectionPool(pool)
            .connectTimeout(b.connectTimeout)
            .readTimeout(b.readIdleTimeout)
            .writeTimeout(b.readIdleTimeout)
            .callTimeout(Duration.ZERO)
            .followRedirects(false)
            .build();
    Duration probeConnect =
        b.connectTimeout.compareTo(b.probeTimeout) < 0 ? b.connectTimeout : b.probeTimeout;
    this.probeClient =
        forwardClient
            .newBuilder()
            .connectTimeout(probeConnect)
            .readTimeout(b.probeTimeout)
            .writeTimeout(b.probeTimeout)
            .callTimeout(b.probeTimeout)
            .build();
    this.healthClient =
        forwardClient
            .newBuilder()
            .readTimeout(b.healthTimeout)
            .callTimeout(b.healthTimeout)
            .build();
    this.apiKey = b.apiKey;
    this.rttPath = b.rttPath;
    this.maxEventBytes = b.maxEventBytes;
    this.maxInfoBytes = b.maxInfoBytes;
  }

  /**
   * Returns a client with the default timeouts.
   *
   * @return a new client
   */
  public static SglangClient create() {
    return builder().build();
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Forwards a request and relays the answer; a retryable answer is relayed too.
   *
   * @param baseUri the replica's base URI
   * @param request the request
   * @param sink where the answer goes
   * @return how it went; never throws for upstream or sink failures
   */
  public ForwardResult forward(URI baseUri, ForwardRequest request, StreamSink sink) {
    return forward(baseUri, request, sink, false);
  }

  /**
   * Forwards a request and relays the answer.
   *
   * @param baseUri the replica's base URI
   * @param request the request
   * @param sink where the answer goes
   * @param holdRetryable when {@code true}, an answer with a retryable status (408, 429, 500, 502,
   *     503, 504) is not relayed: the result is {@link ForwardResult.Ending#NOT_STARTED} with that
   *     status, so the caller can retry elsewhere before anything reached its client
   * @return how it went; never throws for upstream or sink failures
   */
  public ForwardResult forward(
      URI baseUri, ForwardRequest request, StreamSink sink, boolean holdRetryable) {
    Objects.requireNonNull(sink, "sink");
    Request.Builder rb = new Request.Builder().url(url(baseUri, request.pathAndQuery()));
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      if (!DROPPED_REQUEST_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        rb.addHeader(h.getKey(), h.getValue());
      }
    }
    if (request.requestId() != null) {
      rb.header("X-Request-ID", request.requestId());
    }
    if (apiKey != null
        && !request.headers().keySet().stream().anyMatch("authorization"::equalsIgnoreCase)) {
      rb.header("Authorization", "Bearer " + apiKey);
    }
    // The bodies routed here are JSON; a missing or unparsable content type is sent as JSON.
    String contentType = request.contentType();
    MediaType parsed = contentType == null ? null : MediaType.parse(contentType);
    MediaType type = parsed == null ? JSON : parsed;
    String method = request.method().toUpperCase(Locale.ROOT);
    boolean bodiless = method.equals("GET") || method.equals("HEAD");
    rb.method(method, bodiless ? null : RequestBody.create(request.body(), type));
    Call call = forwardClient.newCall(rb.build());
    return new StreamRelay(call, sink, holdRetryable, maxEventBytes).run();
  }

  /**
   * Reads the server's capacity from {@code /get_server_info}, falling back to {@code /server_info}
   * when the first answers 404.
   *
   * @param baseUri the replica's base URI
   * @return the capacity facts
   * @throws IOException if neither path answers with a readable JSON object
   */
  public ServerInfo serverInfo(URI baseUri) throws IOException {
    try {
      return ServerInfo.parse(get(baseUri, "/get_server_info"));
    } catch (HttpStatusException e) {
      if (e.status != 404) {
        throw e;
      }
      return ServerInfo.parse(get(baseUri, "/server_info"));
    }
  }

  /**
   * Scrapes {@code /metrics} and combines the samples (see {@link SglangMetrics}).
   *
   * @param baseUri the replica's base URI
   * @return the metrics
   * @throws IOException on a network failure, a timeout, or a non-200 status (404 means the server
   *     runs without {@code --enable-metrics})
   */
  public SglangMetrics metrics(URI baseUri) throws IOException {
    return SglangMetrics.parse(new String(get(baseUri, "/metrics"), StandardCharsets.UTF_8));
  }

  /**
   * Reads the per-rank load from {@code /v1/loads?include=core} (newer servers; works without
   * {@code --enable-metrics}) and combines it like {@link #metrics} (see {@link
   * SglangMetrics#parseLoads}).
   *
   * @param baseUri the replica's base URI
   * @return the load
   * @throws IOException on a network failure, a timeout, or a non-200 status (404 on servers older
   *     than the endpoint)
   */
  public SglangMetrics loads(URI baseUri) throws IOException {
    return SglangMetrics.parseLoads(get(baseUri, "/v1/loads?include=core"));
  }

  /**
   * Asks the server to flush its prefix cache ({@code POST /flush_cache}). SGLang refuses while
   * requests run or wait, with the same text as on success: only the status tells.
   *
   * @param baseUri the replica's base URI
   * @return what happened; never throws
   */
  public FlushResult flushCache(URI baseUri) {
    Request.Builder rb =
        new Request.Builder()
            .url(url(baseUri, "/flush_cache"))
            .post(RequestBody.create(new byte[0], null));
    auth(rb);
    try (Response r = probeClient.newCall(rb.build()).execute()) {
      switch (r.code()) {
        case 200:
          return FlushResult.FLUSHED;
        case 400:
          return FlushResult.REFUSED_BUSY;
        case 401:
        case 403:
          return FlushResult.UNAUTHORIZED;
        default:
          return FlushResult.UNAVAILABLE;
      }
    } catch (IOException e) {
      return FlushResult.UNAVAILABLE;
    }
  }

  /**
   * Readiness: {@code GET /health}. On current SGLang versions this runs a one-token generation and
   * answers after about a second, so call it rarely (at registration, after an outage), never as a
   * frequent probe; use {@link #rttMillis} for that.
   *
   * @param baseUri the replica's base URI
   * @return {@code true} if the server answered 200 within the health timeout
   */
  public boolean ready(URI baseUri) {
    Request.Builder rb = new Request.Builder().url(url(baseUri, "/health")).get();
    auth(rb);
    try (Response r = healthClient.newCall(rb.build()).execute()) {
      return r.code() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Measures one round trip to a cheap, non-generating path (see the class description). Any HTTP
   * answer below 500 counts, even 401 or 404, because only the network is measured; a 5xx answer
   * means the server is broken and fails the probe.
   *
   * @param baseUri the replica's base URI
   * @return the round trip in milliseconds, minus reported server time, at least 0
   * @throws IOException if no answer arrived within the probe timeout, or it was a 5xx
   */
  public double rttMillis(URI baseUri) throws IOException {
    Request.Builder rb = new Request.Builder().url(url(baseUri, rttPath)).get();
    auth(rb);
    long t0 = System.nanoTime();
    try (Response r = probeClient.newCall(rb.build()).execute()) {
      long t1 = System.nanoTime();
      if (r.code() >= 500) {
        throw new HttpStatusException(rttPath, r.code());
      }
      ResponseBody body = r.body();
      body.source().skip(Math.min(body.contentLength() < 0 ? 0 : body.contentLength(), 1 << 20));
      double ms = (t1 - t0) / 1e6 - serverTimingMillis(r.headers("Server-Timing"));
      return Math.max(0, ms);
    }
  }

  /**
   * Liveness: whether the server answers HTTP at all on the round-trip path within the probe
   * timeout (any status below 500).
   *
   * @param baseUri the replica's base URI
   * @return {@code true} if alive
   */
  public boolean live(URI baseUri) {
    Request.Builder rb = new Request.Builder().url(url(baseUri, rttPath)).get();
    auth(rb);
    try (Response r = probeClient.newCall(rb.build()).execute()) {
      return r.code() < 500;
    } catch (IOException e) {
      return false;
    }
  }

  /** Releases pooled connections and threads. The client must not be used afterwards. */
  @Override
  public void close() {
    forwardClient.dispatcher().executorService().shutdown();
    forwardClient.connectionPool().evictAll();
  }

  /** Sums the {@code dur=} values of Server-Timing headers, in milliseconds. */
  static double serverTimingMillis(List<String> values) {
    double total = 0;
    for (String v : values) {
      for (String metric : v.split(",")) {
        for (String param : metric.split(";")) {
          String p = param.trim();
          if (p.regionMatches(true, 0, "dur=", 0, 4)) {
            try {
              double d = Double.parseDouble(p.substring(4).replace("\"", ""));
              if (d > 0 && d < 1e7) {
                total += d;
              }
            } catch (NumberFormatException e) {
              // ignore a malformed duration
            }
          }
        }
      }
    }
    return total;
  }

  private byte[] get(URI baseUri, String path) throws IOException {
    Request.Builder rb = new Request.Builder().url(url(baseUri, path)).get();
    auth(rb);
    try (Response r = probeClient.newCall(rb.build()).execute()) {
      if (r.code() != 200) {
        throw new HttpStatusException(path, r.code());
      }
      ResponseBody body = r.body();
      long len = body.contentLength();
      if (len > maxInfoBytes) {
        throw new IOException(path + " answer of " + len + " bytes exceeds " + maxInfoBytes);
      }
      okio.BufferedSource source = body.source();
      if (!source.request(maxInfoBytes + 1L)) {
        return source.getBuffer().readByteArray();
      }
      throw new IOException(path + " answer exceeds " + maxInfoBytes + " bytes");
    }
  }

  private void auth(Request.Builder rb) {
    if (apiKey != null) {
      rb.header("Authorization", "Bearer " + apiKey);
    }
  }

  private static HttpUrl url(URI base, String pathAndQuery) {
    String b = base.toString();
    if (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    HttpUrl url = HttpUrl.parse(b + pathAndQuery);
    if (url == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + base);
    }
    return url;
  }

  /** A non-200 answer to a GET that needs 200. */
  static final class HttpStatusException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The status received. */
    final int status;

    HttpStatusException(String path, int status) {
      super(path + " answered HTTP " + status);
      this.status = status;
    }
  }

  /** Configures a {@link SglangClient}. Not thread-safe. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration readIdleTimeout = Duration.ofMinutes(10);
    private Duration probeTimeout = Duration.ofMillis(500);
    private Duration healthTimeout = Duration.ofSeconds(30);
    private @Nullable String apiKey;
    private String rttPath = "/v1/models";
    private int maxEventBytes = 8 << 20;
    private int maxInfoBytes = 16 << 20;
    private int maxIdleConnections = 64;

    private Builder() {}

    /**
     * Sets the connect timeout (default 2 s).
     *
     * @param timeout positive duration
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets the longest silence tolerated while forwarding, between sending and the first byte and
     * between two reads of the answer (default 10 min, to cover long prefills of non-streamed
     * requests). There is no overall deadline.
     *
     * @param timeout positive duration
     * @return this builder
     */
    public Builder readIdleTimeout(Duration timeout) {
      this.readIdleTimeout = positive(timeout, "readIdleTimeout");
      return this;
    }

    /**
     * Sets the overall timeout of probes, metrics scrapes, server info and flushes (default 500 ms,
     * the original system's metrics timeout).
     *
     * @param timeout positive duration
     * @return this builder
     */
    public Builder probeTimeout(Duration timeout) {
      this.probeTimeout = positive(timeout, "probeTimeout");
      return this;
    }

    /**
     * Sets the overall timeout of the {@code /health} readiness check (default 30 s; SGLang's own
     * health check gives up after 20 s).
     *
     * @param timeout positive duration
     * @return this builder
     */
    public Builder healthTimeout(Duration timeout) {
      this.healthTimeout = positive(timeout, "healthTimeout");
      return this;
    }

    /**
     * Sets the API key sent as {@code Authorization: Bearer} (servers started with {@code
     * --api-key}). Read it from the environment or a file; it is never logged.
     *
     * @param key the key, or {@code null} for none
     * @return this builder
     */
    public Builder apiKey(@Nullable String key) {
      this.apiKey = key;
      return this;
    }

    /**
     * Sets the path timed by round-trip probes (default {@code /v1/models}). Must not generate.
     *
     * @param path a path starting with {@code /}
     * @return this builder
     */
    public Builder rttPath(String path) {
      if (!path.startsWith("/") || path.equals("/health") || path.equals("/health_generate")) {
        throw new IllegalArgumentException("rttPath must be a non-generating path, was " + path);
      }
      this.rttPath = path;
      return this;
    }

    /**
     * Sets the largest SSE event relayed, in bytes (default 8 MiB); a larger event fails the
     * stream.
     *
     * @param bytes at least 1024
     * @return this builder
     */
    public Builder maxEventBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxEventBytes must be >= 1024, was " + bytes);
      }
      this.maxEventBytes = bytes;
      return this;
    }

    /**
     * Sets how many idle connections the pool keeps (default 64).
     *
     * @param connections at least 1
     * @return this builder
     */
    public Builder maxIdleConnections(int connections) {
      if (connections < 1) {
        throw new IllegalArgumentException("maxIdleConnections must be >= 1");
      }
      this.maxIdleConnections = connections;
      return this;
    }

    /**
     * Builds the client.
     *
     * @return a new, thread-safe client
     */
    public SglangClient build() {
      return new SglangClient(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
