package dev.gorgo.router;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.Health;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * Everything the router knows about one endpoint, updated concurrently by leases, metrics pollers
 * and probes.
 *
 * <p><b>In-flight accounting.</b> {@code inflight} is the number of live leases on this endpoint;
 * it is the only counter that gates admission and it is raised with a compare-and-set that
 * re-checks the capacity gate, so concurrent routers never push an endpoint past its {@code
 * maxRunning}. The split counters (prefilling/decoding requests and their prompt tokens) are plain
 * atomic adds: each lease moves its own contribution exactly once (dispatch, first token, release),
 * so they return to zero when all leases are released, and a reader may at worst see a request
 * between two counters for a few nanoseconds.
 *
 * <p><b>Engine reports</b> arrive as one immutable {@link EngineReport} so that running, queued and
 * KV usage are always read together with their age; a report older than the router's maximum age is
 * ignored (treated as never reported) so a dead metrics poller cannot pin stale load forever.
 *
 * <p><b>Health and RTT</b> are rare updates (tens per second) and use the slot's monitor.
 */
final class EndpointSlot {
  private static final VarHandle INFLIGHT;
  private static final VarHandle PREFILLING;
  private static final VarHandle DECODING;
  private static final VarHandle PREFILL_TOKENS;
  private static final VarHandle DECODE_TOKENS;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      INFLIGHT = l.findVarHandle(EndpointSlot.class, "inflight", int.class);
      PREFILLING = l.findVarHandle(EndpointSlot.class, "prefilling", int.class);
      DECODING = l.findVarHandle(EndpointSlot.class, "decoding", int.class);
      PREFILL_TOKENS = l.findVarHandle(EndpointSlot.class, "prefillTokens", long.class);
      DECODE_TOKENS = l.findVarHandle(EndpointSlot.class, "decodeTokens", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** One engine metrics report; immutable. */
  record EngineReport(int running, int queued, double kvUsage, long atNanos) {}

  private final RouterSettings settings;
  private final int replica;
  private volatile Endpoint endpoint;
  private volatile boolean removed;

  @SuppressWarnings("unused") // accessed through INFLIGHT
  private volatile int inflight;

  @SuppressWarnings("unused")
  private volatile int prefilling;

  @SuppressWarnings("unused")
  private volatile int decoding;

  @SuppressWarnings("unused")
  private volatile long prefillTokens;

  @SuppressWarnings("unused")
  private volatile long decodeTokens;

  private volatile @Nullable EngineReport engine; // null until the first report
  private volatile double rttMillis = Double.NaN;
  private volatile Health health = Health.UNKNOWN;
  private int consecutiveFailures; // guarded by this
  private int consecutiveSuccesses; // guarded by this

  EndpointSlot(Endpoint endpoint, int replica, RouterSettings settings) {
    this.endpoint = endpoint;
    this.replica = replica;
    this.settings = settings;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  String id() {
    return endpoint.id();
  }

  int replica() {
    return replica;
  }

  boolean removed() {
    return removed;
  }

  void markRemoved() {
    removed = true;
  }

  void setCapacity(int maxRunning, long kvCapacityTokens) {
    endpoint = endpoint.withCapacity(maxRunning, kvCapacityTokens);
  }

  // ---------------------------------------------------------------- in-flight accounting

  /**
   * Takes one unit of capacity if the endpoint is eligible now.
   *
   * @return {@code false} when the gate is closed; nothing changed then
   */
  boolean tryAcquire(int promptTokens, long nowNanos) {
    for (; ; ) {
      int n = (int) INFLIGHT.getVolatile(this);
      if (!eligible(n, nowNanos)) {
        return false;
      }
      if (INFLIGHT.compareAndSet(this, n, n + 1)) {
        PREFILLING.getAndAdd(this, 1);
        PREFILL_TOKENS.getAndAdd(this, (long) promptTokens);
        return true;
      }
    }
  }

  void movedToDecoding(int promptTokens) {
    PREFILLING.getAndAdd(this, -1);
    PREFILL_TOKENS.getAndAdd(this, (long) -promptTokens);
    DECODING.getAndAdd(this, 1);
    DECODE_TOKENS.getAndAdd(this, (long) promptTokens);
  }

  void release(boolean decodingPhase, int promptTokens) {
    if (decodingPhase) {
      DECODING.getAndAdd(this, -1);
      DECODE_TOKENS.getAndAdd(this, (long) -promptTokens);
    } else {
      PREFILLING.getAndAdd(this, -1);
      PREFILL_TOKENS.getAndAdd(this, (long) -promptTokens);
    }
    INFLIGHT.getAndAdd(this, -1);
  }

  int inflight() {
    return inflight;
  }

  int prefilling() {
    return prefilling;
  }

  int decoding() {
    return decoding;
  }

  long prefillTokens() {
    return prefillTokens;
  }

  long decodeTokens() {
    return decodeTokens;
  }

  // ---------------------------------------------------------------- engine, rtt, health

  void engineReport(int running, int queued, double kvUsage, long nowNanos) {
    engine = new EngineReport(running, queued, kvUsage, nowNanos);
  }

  /** The engine report if fresh at {@code nowNanos}, else {@code null}. */
  @Nullable EngineReport freshEngine(long nowNanos) {
    EngineReport r = engine;
    return r != null && nowNanos - r.atNanos() <= settings.engineMaxAgeNanos() ? r : null;
  }

  synchronized void rttSample(double millis) {
    double prev = rttMillis;
    rttMillis =
        Double.isNaN(prev)
            ? millis
            : settings.rttAlpha() * millis + (1 - settings.rttAlpha()) * prev;
  }

  double rttMillis() {
    return rttMillis;
  }

  /**
   * Records a probe result.
   *
   * @return {@code true} when the endpoint became (more) available: it turned healthy
   */
  synchronized boolean probe(boolean success) {
    if (success) {
      consecutiveFailures = 0;
      consecutiveSuccesses++;
      if (health == Health.UNKNOWN
          || (health == Health.UNHEALTHY
              && consecutiveSuccesses >= settings.successesToHealthy())) {
        boolean wasDown = health == Health.UNHEALTHY;
        health = Health.HEALTHY;
        return wasDown;
      }
    } else {
      consecutiveSuccesses = 0;
      consecutiveFailures++;
      if (health != Health.UNHEALTHY && consecutiveFailures >= settings.failuresToUnhealthy()) {
        health = Health.UNHEALTHY;
      }
    }
    return false;
  }

  Health health() {
    return health;
  }

  /** The capacity gate, as if {@code inflightCount} leases were live. */
  boolean eligible(int inflightCount, long nowNanos) {
    if (health == Health.UNHEALTHY) {
      return false;
    }
    EngineReport r = freshEngine(nowNanos);
    int running = r == null ? inflightCount : Math.max(r.running(), inflightCount);
    if (running >= endpoint.maxRunning()) {
      return false;
    }
    return r == null || !(r.kvUsage() >= settings.kvUsageThreshold());
  }

  /** Copies the state into an immutable snapshot. */
  EndpointState snapshot(long nowNanos) {
    EngineReport r = freshEngine(nowNanos);
    return new EndpointState.Snapshot(
        rttMillis,
        prefilling,
        decoding,
        prefillTokens,
        decodeTokens,
        r == null ? -1 : r.running(),
        r == null ? -1 : r.queued(),
        r == null ? Double.NaN : r.kvUsage(),
        r == null ? Long.MAX_VALUE : nowNanos - r.atNanos(),
        health,
        eligible(inflight, nowNanos));
  }
}
