package dev.gorgo.proxy;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.Policies;
import dev.gorgo.api.RouterListener;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.Ticker;
import dev.gorgo.proxy.admin.AdminAuth;
import dev.gorgo.proxy.admin.ManagementService;
import dev.gorgo.proxy.admin.PolicyControl;
import dev.gorgo.proxy.config.ConfigException;
import dev.gorgo.proxy.config.ProxyConfig;
import dev.gorgo.proxy.http.ApiError;
import dev.gorgo.proxy.http.Http;
import dev.gorgo.proxy.observe.CompositeListener;
import dev.gorgo.proxy.observe.ProxyMetrics;
import dev.gorgo.proxy.observe.RequestLog;
import dev.gorgo.proxy.observe.RoutingCapture;
import dev.gorgo.proxy.observe.TraceRecorder;
import dev.gorgo.proxy.serve.InferenceHandler;
import dev.gorgo.proxy.serve.LeasedUpstream;
import dev.gorgo.proxy.serve.ModelCatalog;
import dev.gorgo.proxy.serve.Upstream;
import dev.gorgo.router.EndpointStatus;
import dev.gorgo.router.Router;
import dev.gorgo.sglang.BreakerState;
import dev.gorgo.sglang.PromptExtractor;
import dev.gorgo.sglang.PromptKeyer;
import dev.gorgo.sglang.RequestKind;
import dev.gorgo.sglang.SglangBackendPool;
import dev.gorgo.sglang.SglangClient;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The GORGO routing proxy: an OpenAI-compatible HTTP server (Helidon SE, a virtual thread per
 * request) in front of SGLang replicas, routing every generation request through a {@link Router}
 * and relaying the answer with the SGLang adapter.
 *
 * <pre>{@code
 * ProxyConfig config = ProxyConfig.builder()
 *     .listen("127.0.0.1", 0)
 *     .backend("us-east-1", URI.create("http://10.0.0.5:30000"), "us-east")
 *     .policy("gorgo", Map.of())
 *     .build();
 * try (ProxyServer proxy = ProxyServer.start(config)) {
 *   System.out.println("listening on " + proxy.uri());
 *   proxy.awaitShutdown();
 * }
 * }</pre>
 *
 * <h2>How it fits together</h2>
 *
 * <p>One {@link Router} holds the cluster state; its listener fans out to the Prometheus metrics
 * and to a {@link RoutingCapture} that records, per request, what was decided (for the CSV log and
 * traces). The inference routes extract and key the prompt, then hand the request to an upstream
 * that leases from the router, forwards, retries before the first byte, and releases the lease on
 * every path. Management routes under {@code /proxy} (admin token, or loopback only) switch
 * policies, add and remove replicas, clear caches and export records while traffic flows.
 *
 * <p>Thread-safe. {@link #close()} stops accepting, lets in-flight requests finish for a short
 * grace period, then rejects waiters and closes the router and the HTTP client.
 */
public final class ProxyServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ProxyServer.class.getName());

  private final ProxyConfig config;
  private final Router router;
  private final SglangClient client;
  private final SglangBackendPool pool;
  private final ProxyMetrics metrics;
  private final RoutingCapture capture;
  private final RequestLog log;
  private final TraceRecorder trace;
  private final ModelCatalog models;
  private final PolicyControl policy;
  private final Instant started = Instant.now();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object shutdownSignal = new Object();
  private WebServer server;

  private ProxyServer(ProxyConfig config) {
    this.config = config;
    RoutingPolicy initial;
    try {
      initial = Policies.create(config.policy().name(), config.policy().parameters());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          (e.getMessage().startsWith("unknown routing policy")
                  ? "policy.name: "
                  : "policy.parameters: ")
              + e.getMessage());
    }
    Ticker ticker = Ticker.system();
    this.metrics = new ProxyMetrics(this::policyName);
    this.capture = new RoutingCapture(ticker, metrics::retry);
    List<RouterListener> listeners = List.of(metrics, capture);
    Router.Builder rb =
        Router.builder()
            .policy(initial)
            .endpoints(endpoints(config))
            .ticker(ticker)
            .admission(config.queue().maxQueued(), config.queue().timeout())
            .listener(new CompositeListener(listeners));
    if (config.mode() == ProxyConfig.Mode.DISTRIBUTED) {
      rb.localEndpoint(config.localId());
    }
    this.router = rb.build();
    this.policy = new PolicyControl(router, config.policy().name(), config.policy().parameters());
    this.client =
        SglangClient.builder()
            .connectTimeout(config.timeouts().connect())
            .readIdleTimeout(config.timeouts().idle())
            .probeTimeout(config.polling().timeout())
            .maxIdleConnections(1024)
            .build();
    this.pool =
        SglangBackendPool.builder(router)
            .client(client)
            .metrics(config.polling().metricsInterval(), config.polling().timeout())
            .rttPeriod(config.polling().rttInterval())
            .capacityFromServer(config.capacityFromServer())
            .build();
    this.log = new RequestLog(config.requestLogSize());
    this.trace =
        new TraceRecorder(
            config.listen().host() + ":" + config.listen().port(), ticker::nanos, 200_000);
    this.models = new ModelCatalog(client, router::endpoints, Duration.ofSeconds(5));
  }

  private String policyName() {
    PolicyControl p = policy;
    return p == null ? config.policy().name() : p.name();
  }

  /**
   * Validates nothing further (the config is already valid), builds the router and starts serving.
   *
   * @param config the configuration
   * @return the running server
   * @throws ConfigException when the policy name or parameters are unknown
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static ProxyServer start(ProxyConfig config) {
    ProxyServer p = new ProxyServer(config);
    try {
      p.startServer();
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  private static List<Endpoint> endpoints(ProxyConfig config) {
    Map<String, URI> peers = new HashMap<>();
    config.peers().forEach(peer -> peers.put(peer.id(), peer.url()));
    List<Endpoint> out = new ArrayList<>();
    for (ProxyConfig.Backend b : config.backends()) {
      Map<String, String> labels =
          peers.containsKey(b.id())
              ? Map.of(InferenceHandler.PEER_LABEL, peers.get(b.id()).toString())
              : Map.of();
      out.add(new Endpoint(b.id(), b.url(), b.region(), labels, b.maxRunning(), 0));
    }
    return out;
  }

  private void startServer() {
    Upstream upstream;
    if (config.mode() == ProxyConfig.Mode.DISTRIBUTED) {
      // Remote endpoints are reached through their peer proxy, which the pool cannot do.
      Map<String, URI> peers = new HashMap<>();
      config.peers().forEach(peer -> peers.put(peer.id(), peer.url()));
      upstream = new LeasedUpstream(router, client, metrics, config.localId(), peers, 3);
    } else {
      upstream = pool::forward;
    }
    InferenceHandler.Parts parts =
        new InferenceHandler.Parts(
            config.maxBodyBytes(),
            PromptExtractor.builder()
                .maxBodyBytes((int) Math.min(Integer.MAX_VALUE, config.maxBodyBytes()))
                .build(),
            config.keyer().equals("chars") ? PromptKeyer.characters() : PromptKeyer.blocks(16),
            upstream,
            models,
            router.ticker(),
            capture,
            metrics,
            log,
            trace);
    registerGauges();
    ManagementService management =
        new ManagementService(this, new AdminAuth(config.admin().token()));
    HttpRouting.Builder routing =
        HttpRouting.builder()
            .post("/v1/chat/completions", new InferenceHandler(RequestKind.CHAT_COMPLETIONS, parts))
            .post("/v1/completions", new InferenceHandler(RequestKind.COMPLETIONS, parts))
            .post("/generate", new InferenceHandler(RequestKind.GENERATE, parts))
            .put("/generate", new InferenceHandler(RequestKind.GENERATE, parts))
            .get("/v1/models", (req, res) -> Http.sendJson(res, models.list()))
            .get("/v1/models/{id}", this::model)
            .get("/metrics", this::prometheus)
            .get("/health", (req, res) -> Http.sendJson(res, Map.of("status", "ok")))
            .get("/ready", this::ready)
            .register("/proxy", management)
            .any(
                (req, res) ->
                    Http.send(
                        res,
                        ApiError.notFound(
                            "no route for "
                                + req.prologue().method().text()
                                + " "
                                + req.path().path())))
            .error(ApiError.class, (req, res, e) -> Http.send(res, e));
    server =
        WebServer.builder()
            .host(config.listen().host())
            .port(config.listen().port())
            .shutdownGracePeriod(Duration.ofSeconds(2))
            // Each SSE event is a small write that must leave at once; with Nagle's algorithm the
            // last segment of an answer waits for the client's delayed ACK (~40 ms).
            .connectionOptions(o -> o.tcpNoDelay(true))
            .addRouting(routing)
            .build()
            .start();
    LOG.info(
        () ->
            "gorgo proxy listening on "
                + uri()
                + " ("
                + config.mode().name().toLowerCase(java.util.Locale.ROOT)
                + ", policy "
                + policy.name()
                + ", "
                + router.endpoints().size()
                + " backends)");
  }

  private void registerGauges() {
    metrics.gauge(
        "gorgo_proxy_queue_depth",
        "Requests waiting in the admission queue",
        cb -> cb.call(router.queueDepth()));
    metrics.gauge(
        "gorgo_proxy_inflight",
        "Requests this proxy dispatched and not yet finished, by endpoint and phase",
        cb -> {
          for (EndpointStatus s : router.status()) {
            cb.call(s.state().inflightPrefilling(), s.endpoint().id(), "prefilling");
            cb.call(s.state().inflightDecoding(), s.endpoint().id(), "decoding");
          }
        },
        "endpoint",
        "phase");
    metrics.gauge(
        "gorgo_proxy_endpoint_healthy",
        "1 when the endpoint is healthy or not yet probed, 0 when unhealthy",
        cb -> {
          for (EndpointStatus s : router.status()) {
            cb.call(
                s.state().health() == dev.gorgo.api.Health.UNHEALTHY ? 0 : 1, s.endpoint().id());
          }
        },
        "endpoint");
    metrics.gauge(
        "gorgo_proxy_endpoint_eligible",
        "1 when the endpoint can take a request now (capacity gate)",
        cb -> {
          for (EndpointStatus s : router.status()) {
            cb.call(s.state().eligible() ? 1 : 0, s.endpoint().id());
          }
        },
        "endpoint");
    metrics.gauge(
        "gorgo_proxy_endpoint_rtt_seconds",
        "Round trip time estimate (EWMA) per endpoint",
        cb -> {
          for (EndpointStatus s : router.status()) {
            cb.call(s.state().rttMillis() / 1000.0, s.endpoint().id());
          }
        },
        "endpoint");
    metrics.gauge(
        "gorgo_proxy_breaker_state",
        "Circuit breaker per endpoint: 0 closed, 1 half-open, 2 open",
        cb -> {
          for (Endpoint e : router.endpoints()) {
            BreakerState b = pool.breakerState(e.id());
            if (b != null) {
              cb.call(b == BreakerState.CLOSED ? 0 : b == BreakerState.HALF_OPEN ? 1 : 2, e.id());
            }
          }
        },
        "endpoint");
    metrics.gauge(
        "gorgo_proxy_trie_symbols",
        "Prompt-key symbols the router believes each endpoint caches",
        cb -> {
          for (EndpointStatus s : router.status()) {
            cb.call(s.trieSymbols(), s.endpoint().id());
          }
        },
        "endpoint");
  }

  private void model(ServerRequest req, ServerResponse res) {
    String id = req.path().pathParameters().get("id");
    for (var card : models.list().path("data")) {
      if (card.path("id").asText().equals(id)) {
        Http.sendJson(res, card);
        return;
      }
    }
    Http.send(res, ApiError.modelNotFound(id));
  }

  private void prometheus(ServerRequest req, ServerResponse res) {
    res.header(HeaderNames.CONTENT_TYPE, ProxyMetrics.contentType());
    try (OutputStream out = res.outputStream()) {
      metrics.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void ready(ServerRequest req, ServerResponse res) {
    List<EndpointStatus> status = router.status();
    long healthy =
        status.stream().filter(s -> s.state().health() != dev.gorgo.api.Health.UNHEALTHY).count();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ready", healthy > 0);
    body.put("healthy_endpoints", healthy);
    body.put("endpoints", status.size());
    Http.sendJson(res, healthy > 0 ? 200 : 503, body);
  }

  /** The port the server listens on (the real one when the config asked for port 0). */
  public int port() {
    return server.port();
  }

  /** The base URI clients use, e.g. {@code http://127.0.0.1:8000}. */
  public URI uri() {
    String host = config.listen().host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  /** The router (for embedding, the demo and tests). */
  public Router router() {
    return router;
  }

  /** The configuration the server started with (runtime changes are not reflected). */
  public ProxyConfig config() {
    return config;
  }

  /** Prometheus metrics. */
  public ProxyMetrics metrics() {
    return metrics;
  }

  /** The per-request CSV log. */
  public RequestLog requestLog() {
    return log;
  }

  /** The trace recorder. */
  public TraceRecorder trace() {
    return trace;
  }

  /** The runtime policy switch. */
  public PolicyControl policy() {
    return policy;
  }

  /** The backend pool (polling, breakers). */
  public SglangBackendPool pool() {
    return pool;
  }

  /** The SGLang client (shared connection pool). */
  public SglangClient client() {
    return client;
  }

  /** The model catalog. */
  public ModelCatalog models() {
    return models;
  }

  /** When the server started. */
  public Instant started() {
    return started;
  }

  /**
   * Requests whose routing is still being captured; 0 when no request is in the proxy. Tests use
   * it, with the router's in-flight counters, to prove that no path leaks.
   */
  public int requestsInFlight() {
    return capture.size();
  }

  /** Whether every endpoint's in-flight counters are zero and the queue is empty. */
  public boolean idle() {
    if (router.queueDepth() != 0 || capture.size() != 0) {
      return false;
    }
    for (EndpointStatus s : router.status()) {
      EndpointState st = s.state();
      if (st.inflightPrefilling() != 0 || st.inflightDecoding() != 0) {
        return false;
      }
    }
    return true;
  }

  /** Blocks until {@link #close()} is called (for {@code main}). */
  public void awaitShutdown() throws InterruptedException {
    synchronized (shutdownSignal) {
      while (!closed.get()) {
        shutdownSignal.wait();
      }
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (server != null) {
        server.stop();
      }
    } finally {
      pool.close();
      router.close();
      client.close();
      synchronized (shutdownSignal) {
        shutdownSignal.notifyAll();
      }
    }
  }
}
