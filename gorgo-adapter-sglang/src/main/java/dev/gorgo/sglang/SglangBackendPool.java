package dev.gorgo.sglang;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Outcome;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.router.Lease;
import dev.gorgo.router.RejectedException;
import dev.gorgo.router.Router;
import dev.gorgo.sglang.internal.CircuitBreaker;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Connects a {@link Router} to real SGLang servers: keeps it informed about every endpoint's load,
 * round trip time, health and capacity, and forwards requests with retries and a per-endpoint
 * circuit breaker.
 *
 * <h2>Background work</h2>
 *
 * <p>For every endpoint the router knows (the set is re-read on every tick, so endpoints added to
 * or removed from the router are picked up): {@code /metrics} every 500 ms → {@link
 * Router#updateEngineLoad}; a round-trip probe every 100 ms → {@link Router#updateRtt} and {@link
 * Router#reportProbe} (the router turns an endpoint unhealthy after 3 failed probes and healthy
 * after 2 good ones); {@code /get_server_info} at the start and every minute → {@link
 * Router#updateCapacity}. Health comes from the probes only: a server started without {@code
 * --enable-metrics} stays usable; its load is then read from {@code /v1/loads} (newer servers), and
 * when that is missing too, the pool asks again only every {@code serverInfoPeriod}. One scheduler
 * thread ticks; the blocking calls run on a small daemon pool, and a poll that is still running is
 * never started twice, so a slow server cannot pile up calls.
 *
 * <h2>Forwarding</h2>
 *
 * <p>{@link #forward} routes the request, forwards it with {@link SglangClient}, and drives the
 * lease: {@code accepted()} on a 2xx answer, {@code firstToken()} at the first content chunk,
 * {@code complete(outcome)} at the end. When an attempt fails before anything reached the caller
 * (no connection, or a retryable status such as 503 "queue full"), the lease ends as {@code
 * NOT_ACCEPTED} and the request is routed again after a capped, jittered exponential backoff, up to
 * {@code maxAttempts}; once the first byte has been relayed there are no retries. A connection
 * failure also counts as a failed probe.
 *
 * <h2>Circuit breaker</h2>
 *
 * <p>Each endpoint has a breaker over consecutive request failures (no connection, 5xx, broken
 * stream; 4xx answers are the client's fault and do not count). When it opens, the pool reports the
 * endpoint unhealthy to the router (as many failed probes as the router's threshold) and withholds
 * successful probes until the open time has passed; then probes readmit the endpoint and the next
 * request's outcome closes the breaker or opens it again.
 *
 * <p>Thread-safe. {@link #close()} stops all timers and waits briefly for running polls.
 */
public final class SglangBackendPool implements AutoCloseable {
  private final Router router;
  private final SglangClient client;
  private final boolean ownsClient;
  private final Builder config;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final Map<String, Backend> backends = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private SglangBackendPool(Builder b) {
    this.router = b.router;
    this.config = b;
    if (b.client != null) {
      this.client = b.client;
      this.ownsClient = false;
    } else {
      this.client = SglangClient.builder().probeTimeout(b.metricsTimeout).apiKey(b.apiKey).build();
      this.ownsClient = true;
    }
    AtomicInteger n = new AtomicInteger();
    ThreadFactory daemons =
        r -> {
          Thread t = new Thread(r, "gorgo-sglang-pool-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemons);
    this.workers = Executors.newCachedThreadPool(daemons);
    reconcile();
    long rtt = b.rttPeriod.toNanos();
    long metrics = b.metricsPeriod.toNanos();
    scheduler.scheduleWithFixedDelay(this::rttTick, 0, rtt, TimeUnit.NANOSECONDS);
    scheduler.scheduleWithFixedDelay(this::metricsTick, 0, metrics, TimeUnit.NANOSECONDS);
  }

  /**
   * Returns a builder for a pool that feeds the given router.
   *
   * @param router the router to keep informed and to route through; not {@code null}
   * @return a new builder
   */
  public static Builder builder(Router router) {
    return new Builder(router);
  }

  /**
   * Routes a request and forwards it, retrying on a fresh routing decision while nothing has
   * reached the sink. Blocks the calling thread (fine on a virtual thread) while it waits for
   * admission, for the answer and during backoff.
   *
   * <p>When every attempt failed before the first byte, the result is {@link
   * ForwardResult.Ending#NOT_STARTED}: nothing was written to the sink, so the caller answers
   * itself (502 when {@code status() == -1}, else that status). If the thread is interrupted during
   * a backoff, the last result is returned.
   *
   * @param request the routing request (key, tokens, session)
   * @param forward the request to forward
   * @param sink where the answer goes
   * @return the result of the last attempt
   * @throws RejectedException if the router rejects the request (queue full, timeout, no endpoints,
   *     shutdown); nothing reached the sink then
   */
  public ForwardResult forward(RoutingRequest request, ForwardRequest forward, StreamSink sink)
      throws RejectedException {
    Objects.requireNonNull(sink, "sink");
    int attempt = 0;
    String failedAt = null; // the endpoint that failed the previous attempt before accepting it
    while (true) {
      boolean last = attempt + 1 >= config.maxAttempts;
      Lease lease = failedAt == null ? router.route(request) : router.retry(request, failedAt);
      ForwardResult result;
      try {
        result =
            client.forward(lease.endpoint().baseUri(), forward, new LeaseSink(lease, sink), !last);
      } catch (RuntimeException | Error e) {
        lease.complete(Outcome.FAILED);
        throw e;
      }
      String id = lease.endpoint().id();
      lease.complete(result.outcome());
      recordOutcome(id, result);
      if (result.ending() != ForwardResult.Ending.NOT_STARTED || last || closed.get()) {
        return result;
      }
      failedAt = id;
      attempt++;
      if (!backoff(attempt)) {
        return result;
      }
    }
  }

  /**
   * Returns the circuit breaker state of an endpoint.
   *
   * @param endpointId the endpoint
   * @return its state, or {@code null} if the pool does not know the endpoint
   */
  public @Nullable BreakerState breakerState(String endpointId) {
    Backend b = backends.get(endpointId);
    return b == null ? null : b.breaker.state(System.nanoTime());
  }

  /**
   * Returns the last metrics scraped from an endpoint.
   *
   * @param endpointId the endpoint
   * @return the metrics, or {@code null} if none were scraped yet
   */
  public @Nullable SglangMetrics lastMetrics(String endpointId) {
    Backend b = backends.get(endpointId);
    return b == null ? null : b.metrics;
  }

  /**
   * Returns the last server info read from an endpoint.
   *
   * @param endpointId the endpoint
   * @return the server info, or {@code null} if none was read yet
   */
  public @Nullable ServerInfo serverInfo(String endpointId) {
    Backend b = backends.get(endpointId);
    return b == null ? null : b.info;
  }

  /**
   * Returns the client the pool forwards with (for flushes or other calls).
   *
   * @return the client
   */
  public SglangClient client() {
    return client;
  }

  /**
   * Stops all timers and polls (waiting up to the metrics timeout for running ones), and closes the
   * client if the pool created it. Does not close the router. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scheduler.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(
          config.metricsTimeout.toMillis() + 200, TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (ownsClient) {
      client.close();
    }
  }

  // ------------------------------------------------------------------ outcomes and breaker

  private void recordOutcome(String id, ForwardResult r) {
    Backend b = backends.get(id);
    if (b == null) {
      return;
    }
    long now = System.nanoTime();
    boolean noConnection = r.ending() == ForwardResult.Ending.NOT_STARTED && r.status() < 0;
    if (noConnection) {
      router.reportProbe(id, false);
    }
    boolean failure =
        noConnection
            || r.status() >= 500
            || r.ending() == ForwardResult.Ending.UPSTREAM_FAILED
            || (r.ending() == ForwardResult.Ending.NOT_STARTED && r.status() != 429);
    if (failure) {
      if (b.breaker.failure(now)) {
        for (int i = 0; i < config.failuresToUnhealthy; i++) {
          router.reportProbe(id, false);
        }
      }
    } else if (r.succeeded()) {
      b.breaker.success(now);
    }
  }

  private boolean backoff(int attempt) {
    long cap = config.maxBackoff.toNanos();
    long base = config.baseBackoff.toNanos();
    long exp = attempt >= 30 ? cap : Math.min(cap, base << (attempt - 1));
    long delay = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
    try {
      TimeUnit.NANOSECONDS.sleep(delay);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ------------------------------------------------------------------ polling

  private void reconcile() {
    Set<String> live = new HashSet<>();
    for (Endpoint e : router.endpoints()) {
      live.add(e.id());
      backends.computeIfAbsent(e.id(), id -> new Backend(e));
    }
    backends.keySet().retainAll(live);
  }

  private void rttTick() {
    for (Backend b : backends.values()) {
      submit(b.rttBusy, () -> probe(b));
    }
  }

  private void metricsTick() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      return; // the router is closing
    }
    long now = System.nanoTime();
    for (Backend b : backends.values()) {
      if (now - b.nextInfoNanos >= 0) {
        submit(b.infoBusy, () -> serverInfo(b));
      }
      if (now - b.nextMetricsNanos >= 0) {
        submit(b.metricsBusy, () -> metrics(b));
      }
    }
  }

  private void submit(AtomicBoolean busy, Runnable task) {
    if (closed.get() || !busy.compareAndSet(false, true)) {
      return;
    }
    try {
      workers.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              // a router update refused a value or the endpoint vanished; the next tick retries
            } finally {
              busy.set(false);
            }
          });
    } catch (RuntimeException rejected) {
      busy.set(false); // shutting down
    }
  }

  private void probe(Backend b) {
    String id = b.endpoint.id();
    double rtt;
    try {
      rtt = client.rttMillis(b.endpoint.baseUri());
    } catch (IOException e) {
      router.reportProbe(id, false);
      b.wasDown = true;
      return;
    }
    router.updateRtt(id, rtt);
    if (b.breaker.state(System.nanoTime()) != BreakerState.OPEN) {
      router.reportProbe(id, true);
      if (b.wasDown) {
        b.wasDown = false;
        b.nextInfoNanos = System.nanoTime(); // re-read capacity after an outage
      }
    }
  }

  private void metrics(Backend b) {
    long now = System.nanoTime();
    SglangMetrics m;
    try {
      m = b.useLoads ? client.loads(b.endpoint.baseUri()) : client.metrics(b.endpoint.baseUri());
    } catch (IOException e) {
      boolean absent =
          e instanceof SglangClient.HttpStatusException
              && ((SglangClient.HttpStatusException) e).status == 404;
      if (absent && !b.useLoads) {
        // No --enable-metrics: newer servers still answer /v1/loads.
        b.useLoads = true;
        b.nextMetricsNanos = now;
      } else if (absent) {
        // Neither source: go back to /metrics, and ask rarely.
        b.useLoads = false;
        b.nextMetricsNanos = now + config.serverInfoPeriod.toNanos();
      } else {
        b.nextMetricsNanos = now + config.metricsPeriod.toNanos() / 2;
      }
      return;
    }
    b.metrics = m;
    b.nextMetricsNanos = now;
    if (m.hasLoad()) {
      double kv = Double.isNaN(m.kvUsage()) ? 0 : Math.max(0, Math.min(1, m.kvUsage()));
      router.updateEngineLoad(b.endpoint.id(), m.runningRequests(), m.queuedRequests(), kv);
    }
  }

  private void serverInfo(Backend b) {
    long now = System.nanoTime();
    ServerInfo info;
    try {
      info = client.serverInfo(b.endpoint.baseUri());
    } catch (IOException e) {
      b.nextInfoNanos =
          now + Math.min(config.serverInfoPeriod.toNanos(), TimeUnit.SECONDS.toNanos(5));
      return;
    }
    b.info = info;
    b.nextInfoNanos = now + config.serverInfoPeriod.toNanos();
    if (config.capacityFromServer) {
      int maxRunning =
          info.maxRunningRequests() > 0 ? info.maxRunningRequests() : b.endpoint.maxRunning();
      long kv =
          info.maxTotalNumTokens() > 0 ? info.maxTotalNumTokens() : b.endpoint.kvCapacityTokens();
      router.updateCapacity(b.endpoint.id(), maxRunning, kv);
    }
  }

  /** What the pool keeps per endpoint. */
  private final class Backend {
    final Endpoint endpoint;
    final CircuitBreaker breaker =
        new CircuitBreaker(config.breakerFailures, config.breakerOpen.toNanos());
    final AtomicBoolean rttBusy = new AtomicBoolean();
    final AtomicBoolean metricsBusy = new AtomicBoolean();
    final AtomicBoolean infoBusy = new AtomicBoolean();
    volatile @Nullable SglangMetrics metrics;
    volatile @Nullable ServerInfo info;
    volatile long nextMetricsNanos = System.nanoTime();
    volatile long nextInfoNanos = System.nanoTime();
    volatile boolean wasDown;
    volatile boolean useLoads;

    Backend(Endpoint endpoint) {
      this.endpoint = endpoint;
    }
  }

  /** Drives the lease from the relay's events, then passes them on. */
  private static final class LeaseSink implements StreamSink {
    private final Lease lease;
    private final StreamSink sink;

    LeaseSink(Lease lease, StreamSink sink) {
      this.lease = lease;
      this.sink = sink;
    }

    @Override
    public void start(ResponseHead head) throws IOException {
      if (head.status() >= 200 && head.status() < 300) {
        lease.accepted();
      }
      sink.start(head);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      sink.write(bytes, offset, length);
    }

    @Override
    public void firstContent(long ttftNanos) {
      lease.firstToken();
      sink.firstContent(ttftNanos);
    }
  }

  /** Configures a {@link SglangBackendPool}. Not thread-safe. */
  public static final class Builder {
    private final Router router;
    private @Nullable SglangClient client;
    private @Nullable String apiKey;
    private Duration metricsPeriod = Duration.ofMillis(500);
    private Duration metricsTimeout = Duration.ofMillis(500);
    private Duration rttPeriod = Duration.ofMillis(100);
    private Duration serverInfoPeriod = Duration.ofMinutes(1);
    private int failuresToUnhealthy = 3;
    private int breakerFailures = 5;
    private Duration breakerOpen = Duration.ofSeconds(10);
    private int maxAttempts = 3;
    private Duration baseBackoff = Duration.ofMillis(25);
    private Duration maxBackoff = Duration.ofMillis(500);
    private boolean capacityFromServer = true;

    private Builder(Router router) {
      this.router = Objects.requireNonNull(router, "router");
    }

    /**
     * Uses this client (the pool will not close it). By default the pool creates one whose probe
     * timeout is the metrics timeout, and closes it on {@link SglangBackendPool#close()}.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(SglangClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the API key of the pool's own client (ignored with {@link #client}). Read it from the
     * environment or a file; it is never logged.
     *
     * @param key the key, or {@code null}
     * @return this builder
     */
    public Builder apiKey(@Nullable String key) {
      this.apiKey = key;
      return this;
    }

    /**
     * Sets the metrics polling period (default 500 ms) and timeout (default 500 ms).
     *
     * @param period positive
     * @param timeout positive; applies to all probes of the pool's own client
     * @return this builder
     */
    public Builder metrics(Duration period, Duration timeout) {
      this.metricsPeriod = positive(period);
      this.metricsTimeout = positive(timeout);
      return this;
    }

    /**
     * Sets the round-trip probe period (default 100 ms).
     *
     * @param period positive
     * @return this builder
     */
    public Builder rttPeriod(Duration period) {
      this.rttPeriod = positive(period);
      return this;
    }

    /**
     * Sets how often server info is re-read (default 1 min), also the metrics retry period of a
     * server without {@code /metrics}.
     *
     * @param period positive
     * @return this builder
     */
    public Builder serverInfoPeriod(Duration period) {
      this.serverInfoPeriod = positive(period);
      return this;
    }

    /**
     * Sets the router's failed-probe threshold, so an opening breaker can report enough failures to
     * make the endpoint unhealthy at once (default 3, the router's default).
     *
     * @param failures at least 1
     * @return this builder
     */
    public Builder failuresToUnhealthy(int failures) {
      this.failuresToUnhealthy = atLeastOne(failures);
      return this;
    }

    /**
     * Configures the circuit breaker (default: opens after 5 consecutive failures, for 10 s).
     *
     * @param consecutiveFailures failures that open it, at least 1
     * @param openFor how long it stays open, positive
     * @return this builder
     */
    public Builder breaker(int consecutiveFailures, Duration openFor) {
      this.breakerFailures = atLeastOne(consecutiveFailures);
      this.breakerOpen = positive(openFor);
      return this;
    }

    /**
     * Configures retries before the first byte (default: 3 attempts, backoff from 25 ms doubling up
     * to 500 ms, with jitter between half and the full delay).
     *
     * @param maxAttempts attempts in total, at least 1
     * @param baseBackoff delay before the second attempt, positive
     * @param maxBackoff cap of any delay, at least {@code baseBackoff}
     * @return this builder
     */
    public Builder retries(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
      this.maxAttempts = atLeastOne(maxAttempts);
      this.baseBackoff = positive(baseBackoff);
      this.maxBackoff = positive(maxBackoff);
      if (maxBackoff.compareTo(baseBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff must be >= baseBackoff");
      }
      return this;
    }

    /**
     * Sets whether the server's {@code max_running_requests} and KV capacity replace the endpoint's
     * configured capacity in the router (default {@code true}).
     *
     * @param fromServer whether to use the server's values
     * @return this builder
     */
    public Builder capacityFromServer(boolean fromServer) {
      this.capacityFromServer = fromServer;
      return this;
    }

    /**
     * Builds the pool and starts polling at once.
     *
     * @return the running pool
     */
    public SglangBackendPool build() {
      return new SglangBackendPool(this);
    }

    private static Duration positive(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("duration must be positive, was " + d);
      }
      return d;
    }

    private static int atLeastOne(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("must be >= 1, was " + v);
      }
      return v;
    }
  }
}
