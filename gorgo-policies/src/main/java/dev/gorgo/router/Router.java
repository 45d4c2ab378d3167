package dev.gorgo.router;

import dev.gorgo.api.Decision;
import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Outcome;
import dev.gorgo.api.RejectReason;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.api.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The routing facade a gateway embeds: it holds the cluster state, the prefix index, the policy and
 * the admission queue, and hands out {@link Lease}s.
 *
 * <p><b>Request path.</b> {@link #route} borrows a reusable {@link dev.gorgo.api.ClusterView} from
 * a small pool, walks the prefix trie once (only for policies that read prefix matches), asks the
 * policy, and then takes one unit of the chosen endpoint's capacity with a compare-and-set that
 * re-checks the capacity gate (running below the endpoint's maximum, KV usage below the threshold,
 * not unhealthy). If another thread took the last unit in between, the router decides again on
 * fresh state, so this router never over-admits. The prompt's key is then inserted into the trie
 * for the chosen endpoint (the dispatch-time, optimistic insert of the paper); it is removed again
 * if the lease ends {@link Outcome#NOT_ACCEPTED}. (A key the chosen endpoint already holds
 * completely only refreshes its LRU position, on one such dispatch in eight.) In steady state the
 * path allocates only the lease.
 *
 * <p><b>Waiting.</b> When the policy answers {@link Decision.Wait} the request joins a bounded FIFO
 * admission queue (full: {@link RejectReason#QUEUE_FULL} with a retry-after). Queued requests are
 * re-decided whenever capacity may have freed (lease released, load report, endpoint healthy again,
 * endpoint added, policy changed), by whichever thread freed it, without polling and without
 * holding any lock across a decision; a waiter that still cannot go is skipped, so it never blocks
 * those behind it. While the queue is not empty, new requests queue behind it (FIFO fairness).
 * Waiters time out after the admission timeout by the router's {@link Ticker}: {@link
 * #expireWaiters()} does it, called by a daemon timer in real time or by the caller (a simulator in
 * virtual time) when built with {@link Builder#manualExpiry()}. Nothing here reads the clock except
 * through the ticker.
 *
 * <p><b>Updates.</b> Each kind of outside knowledge has one thread-safe method: {@link
 * #updateEngineLoad}, {@link #updateRtt}, {@link #reportProbe}, {@link #updateCapacity}, {@link
 * #addEndpoint}, {@link #removeEndpoint}. Endpoint sets are copy-on-write generations, so a
 * decision always sees one consistent set; endpoint ids keep their trie replica id for as long as
 * they are members.
 *
 * <p>Thread-safe. {@link #close()} rejects waiters with {@link RejectReason#SHUTDOWN}; leases
 * already handed out still release normally.
 */
public final class Router implements AutoCloseable {
  private static final Decision.Reject SHUT_DOWN =
      new Decision.Reject(RejectReason.SHUTDOWN, "router is shut down");
  private static final int MAX_ATTEMPTS = 4;

  private final Ticker ticker;
  private final SafeListener listener;
  private final RouterSettings settings;
  private final PrefixIndex prefixes;
  private final AdmissionQueue queue;
  private final ViewPool views;
  private final @Nullable String localId; // null for a centralized router
  private final int maxEndpoints;
  private final boolean manualExpiry;
  private final AdmissionQueue.Admitter admitter = new QueueAdmitter();
  private final Object membershipLock = new Object();
  private final BitSet usedReplicas = new BitSet(); // guarded by membershipLock
  private final AtomicBoolean timerArmed = new AtomicBoolean();
  private volatile Membership membership = Membership.EMPTY;
  private volatile RoutingPolicy policy;
  private volatile boolean closed;
  // Created on first use; guarded by timerArmed transitions and this.
  private @Nullable ScheduledThreadPoolExecutor timer;

  private Router(Builder b, RoutingPolicy policy) {
    this.ticker = b.ticker;
    this.listener = new SafeListener(b.listener);
    this.settings =
        new RouterSettings(
            b.rttAlpha,
            b.failuresToUnhealthy,
            b.successesToHealthy,
            b.kvUsageThreshold,
            b.engineMaxAge.toNanos());
    this.prefixes = new PrefixIndex(b.maxEndpoints, b.perEndpointSymbols, b.globalSymbols);
    this.queue = new AdmissionQueue(b.maxQueued, b.queueTimeout.toNanos(), ticker, listener);
    this.views = new ViewPool(() -> new DecisionView(prefixes.newScratch()));
    this.localId = b.localEndpoint;
    this.maxEndpoints = b.maxEndpoints;
    this.manualExpiry = b.manualExpiry;
    this.policy = policy;
    for (Endpoint e : b.endpoints) {
      addEndpoint(e);
    }
  }

  /**
   * Starts building a router.
   *
   * @return a builder with the documented defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------------------ request path

  /**
   * Routes a request, waiting in the admission queue if no endpoint is eligible now. Blocks the
   * calling thread while it waits (fine on virtual threads).
   *
   * @param request the request; never {@code null}
   * @return the lease on the chosen endpoint; the caller must release it (try-with-resources)
   * @throws RejectedException when the queue is full, the wait timed out, no endpoint can serve, or
   *     the router is closed; when the thread is interrupted while waiting ({@link
   *     RejectReason#CANCELLED}, with the interrupt flag restored)
   */
  public Lease route(RoutingRequest request) throws RejectedException {
    Objects.requireNonNull(request, "request");
    if (queue.isEmpty()) {
      Object r = admit(request, 0);
      if (r instanceof Lease) {
        return (Lease) r;
      }
      if (r instanceof Decision.Reject) {
        throw rejected(request, (Decision.Reject) r);
      }
    }
    AdmissionQueue.Waiter w = enqueue(request);
    try {
      return w.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (!w.cancel(true)) {
        Lease handed = w.getNow(null);
        if (handed != null) {
          handed.abandon();
        }
      }
      throw new RejectedException(
          RejectReason.CANCELLED, "interrupted while queued", Duration.ZERO);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RejectedException) {
        throw (RejectedException) e.getCause();
      }
      throw new IllegalStateException("routing failed", e.getCause());
    } catch (CancellationException e) {
      throw new RejectedException(RejectReason.CANCELLED, "cancelled while queued", Duration.ZERO);
    }
  }

  /**
   * Routes a retry of a request that failed at an endpoint before that endpoint accepted it: the
   * failed endpoint counts as ineligible for this decision, so the policy picks another one. If no
   * other endpoint can take the request now, this behaves like {@link #route(RoutingRequest)}
   * (which may choose the failed endpoint again, or wait in the queue).
   *
   * @param request the request; never {@code null}
   * @param avoidEndpointId the endpoint that just failed the request; unknown ids are ignored
   * @return the lease on the chosen endpoint; the caller must release it
   * @throws RejectedException as for {@link #route(RoutingRequest)}
   */
  public Lease retry(RoutingRequest request, String avoidEndpointId) throws RejectedException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(avoidEndpointId, "avoidEndpointId");
    if (queue.isEmpty()) {
      Object r = admit(request, 0, avoidEndpointId);
      if (r instanceof Lease) {
        return (Lease) r;
      }
    }
    return route(request);
  }

  /**
   * Routes a request without blocking. The future completes with the lease when the request is
   * admitted, or exceptionally with a {@link RejectedException}; {@code cancel(true)} removes a
   * queued request at once. Dependent actions may run on the thread that freed the capacity; use
   * the {@code *Async} stages for heavy work.
   *
   * @param request the request; never {@code null}
   * @return the future lease
   */
  public CompletableFuture<Lease> routeAsync(RoutingRequest request) {
    Objects.requireNonNull(request, "request");
    if (queue.isEmpty()) {
      Object r = admit(request, 0);
      if (r instanceof Lease) {
        return CompletableFuture.completedFuture((Lease) r);
      }
      if (r instanceof Decision.Reject) {
        return CompletableFuture.failedFuture(rejected(request, (Decision.Reject) r));
      }
    }
    try {
      return enqueue(request);
    } catch (RejectedException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private AdmissionQueue.Waiter enqueue(RoutingRequest request) throws RejectedException {
    if (closed) {
      throw rejected(request, SHUT_DOWN);
    }
    AdmissionQueue.Waiter w = queue.enqueue(request);
    armTimer();
    queue.drain(admitter);
    if (closed) {
      queue.rejectAll(RejectReason.SHUTDOWN, SHUT_DOWN.message());
    }
    return w;
  }

  private RejectedException rejected(RoutingRequest request, Decision.Reject r) {
    listener.onRejected(request, r.reason());
    return new RejectedException(r.reason(), r.message(), Duration.ZERO);
  }

  /** One decision plus capacity acquisition: a {@link Lease}, a {@link Decision.Wait} or reject. */
  Object admit(RoutingRequest request, long waitNanos) {
    return admit(request, waitNanos, null);
  }

  private Object admit(RoutingRequest request, long waitNanos, @Nullable String avoidEndpointId) {
    if (closed) {
      return SHUT_DOWN;
    }
    DecisionView view = views.borrow();
    try {
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        Membership m = membership;
        RoutingPolicy p = policy;
        long start = ticker.nanos();
        view.reset(m, start);
        if (avoidEndpointId != null) {
          view.avoid(m.slot(avoidEndpointId));
        }
        if (m.size() == 0) {
          return Decision.Reject.NO_ENDPOINTS;
        }
        if (p.usesPrefixMatches() && request.key().length() > 0) {
          prefixes.match(request.key(), view);
        }
        Decision d;
        try {
          d = p.decide(request, view);
        } catch (RuntimeException e) {
          d =
              new Decision.Reject(
                  RejectReason.POLICY,
                  "policy " + p.name() + " failed: " + e.getClass().getSimpleName());
        }
        long decided = ticker.nanos();
        listener.onDecision(request, view, d, decided - start);
        if (!(d instanceof Decision.Route)) {
          return d == null ? Decision.Wait.AT_CAPACITY : d;
        }
        int i = ((Decision.Route) d).index();
        if (i >= view.size()) {
          return new Decision.Reject(RejectReason.POLICY, "policy returned an invalid endpoint");
        }
        EndpointSlot slot = view.slot(i);
        if (slot.tryAcquire(request.promptTokens(), decided)) {
          double predicted = view.has(i) ? view.totalMillis(i) : Double.NaN;
          Lease lease = new Lease(this, slot, i, request, predicted, waitNanos);
          if (shouldInsert(request, view, i)) {
            prefixes.insert(request.key(), slot.replica(), decided);
          }
          return lease;
        }
        // lost a race for the last unit of capacity: decide again on fresh state
      }
      return Decision.Wait.AT_CAPACITY;
    } finally {
      views.giveBack(view);
    }
  }

  /**
   * Whether the dispatch must insert the key for the chosen endpoint. A key the endpoint already
   * holds completely (known from this decision's match) changes nothing but its LRU recency, so,
   * like the SGLang gateway's tree, only one such dispatch in eight refreshes it; this saves a
   * second walk of long prompts on the request path.
   */
  private static boolean shouldInsert(RoutingRequest request, DecisionView view, int index) {
    int length = request.key().length();
    if (length == 0 || view.slot(index).removed()) {
      return false;
    }
    return view.matchedSymbols(index) < length || (view.nextRefreshTick() & 7) == 0;
  }

  void firstToken(Lease lease) {
    RoutingRequest r = lease.request();
    listener.onFirstToken(r, lease.endpoint(), ticker.nanos() - r.arrivalNanos());
  }

  void released(Lease lease, EndpointSlot slot, Outcome outcome, boolean notify) {
    RoutingRequest r = lease.request();
    if (outcome == Outcome.NOT_ACCEPTED && r.key().length() > 0 && !slot.removed()) {
      prefixes.remove(r.key(), slot.replica());
    }
    if (notify) {
      listener.onCompleted(r, slot.endpoint(), outcome, ticker.nanos() - r.arrivalNanos());
    }
    capacityMayHaveFreed();
  }

  private void capacityMayHaveFreed() {
    if (!queue.isEmpty()) {
      queue.drain(admitter);
    }
  }

  private boolean anyEligible() {
    long now = ticker.nanos();
    for (EndpointSlot s : membership.slots()) {
      if (s.eligible(s.inflight(), now)) {
        return true;
      }
    }
    return false;
  }

  private final class QueueAdmitter implements AdmissionQueue.Admitter {
    @Override
    public Object admit(RoutingRequest request, long waitNanos) {
      return Router.this.admit(request, waitNanos);
    }

    @Override
    public boolean anyEligible() {
      return Router.this.anyEligible();
    }
  }

  // ------------------------------------------------------------------------------ expiry

  /**
   * Times out queued requests whose deadline (enqueue time plus the admission timeout, by the
   * router's ticker) has passed; they fail with {@link RejectReason#QUEUE_TIMEOUT}. Called by the
   * router's own timer unless built with {@link Builder#manualExpiry()}; a simulator calls it in
   * virtual time.
   *
   * @return how many requests timed out
   */
  public int expireWaiters() {
    return queue.expire();
  }

  private void armTimer() {
    if (manualExpiry || closed || !timerArmed.compareAndSet(false, true)) {
      return;
    }
    long deadline = queue.headDeadline();
    if (deadline == Long.MAX_VALUE) {
      timerArmed.set(false);
      return;
    }
    long delay = Math.max(0, deadline - ticker.nanos()) + TimeUnit.MILLISECONDS.toNanos(1);
    timer().schedule(this::timerTick, delay, TimeUnit.NANOSECONDS);
  }

  private void timerTick() {
    expireWaiters();
    timerArmed.set(false);
    if (!queue.isEmpty()) {
      armTimer();
    }
  }

  private synchronized ScheduledThreadPoolExecutor timer() {
    if (timer == null) {
      timer =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "gorgo-router-expiry");
                t.setDaemon(true);
                return t;
              });
      timer.setRemoveOnCancelPolicy(true);
      timer.setKeepAliveTime(10, TimeUnit.SECONDS);
      timer.allowCoreThreadTimeOut(true);
    }
    return timer;
  }

  // ------------------------------------------------------------------------------ updates

  /**
   * Records the load an endpoint's engine reports (from its metrics). Thread-safe.
   *
   * @param endpointId the endpoint
   * @param running requests running in the engine, at least 0
   * @param queued requests waiting in the engine, at least 0
   * @param kvUsage KV cache usage, a fraction in [0, 1]
   * @return {@code false} when no endpoint has that id (for example it was just removed)
   * @throws IllegalArgumentException if a value is out of range
   */
  public boolean updateEngineLoad(String endpointId, int running, int queued, double kvUsage) {
    if (running < 0 || queued < 0) {
      throw new IllegalArgumentException(
          "running and queued must be >= 0, were " + running + " and " + queued);
    }
    if (!(kvUsage >= 0 && kvUsage <= 1)) {
      throw new IllegalArgumentException("kvUsage must be in [0, 1], was " + kvUsage);
    }
    EndpointSlot s = slot(endpointId);
    if (s == null) {
      return false;
    }
    s.engineReport(running, queued, kvUsage, ticker.nanos());
    capacityMayHaveFreed();
    return true;
  }

  /**
   * Adds one RTT sample to an endpoint's moving average. Thread-safe.
   *
   * @param endpointId the endpoint
   * @param rttMillis the measured round trip in milliseconds, finite and at least 0
   * @return {@code false} when no endpoint has that id
   * @throws IllegalArgumentException if the sample is negative or not finite
   */
  public boolean updateRtt(String endpointId, double rttMillis) {
    if (!(rttMillis >= 0) || Double.isInfinite(rttMillis)) {
      throw new IllegalArgumentException("rttMillis must be finite and >= 0, was " + rttMillis);
    }
    EndpointSlot s = slot(endpointId);
    if (s == null) {
      return false;
    }
    s.rttSample(rttMillis);
    return true;
  }

  /**
   * Records a health probe: the endpoint turns unhealthy after the configured number of consecutive
   * failures and healthy again after the configured number of consecutive successes. Request
   * outcomes do not affect health (a gateway without probes must not lose endpoints for good).
   * Thread-safe.
   *
   * @param endpointId the endpoint
   * @param success whether the probe succeeded
   * @return {@code false} when no endpoint has that id
   */
  public boolean reportProbe(String endpointId, boolean success) {
    EndpointSlot s = slot(endpointId);
    if (s == null) {
      return false;
    }
    if (s.probe(success)) {
      capacityMayHaveFreed();
    }
    return true;
  }

  /**
   * Records an endpoint's capacity as its server reports it; the per-endpoint trie cap follows the
   * KV capacity. Thread-safe.
   *
   * @param endpointId the endpoint
   * @param maxRunning running requests at which it is at capacity, at least 1
   * @param kvCapacityTokens its KV capacity in tokens, 0 when unknown
   * @return {@code false} when no endpoint has that id
   * @throws IllegalArgumentException if a value is out of range
   */
  public boolean updateCapacity(String endpointId, int maxRunning, long kvCapacityTokens) {
    EndpointSlot s = slot(endpointId);
    if (s == null) {
      return false;
    }
    synchronized (membershipLock) {
      s.setCapacity(maxRunning, kvCapacityTokens);
      prefixes.updateCapacity(s.replica(), kvCapacityTokens);
    }
    capacityMayHaveFreed();
    return true;
  }

  /**
   * Adds an endpoint. It starts with unknown health (eligible) and no load.
   *
   * @param endpoint the endpoint; its id must not be in use
   * @throws IllegalArgumentException if an endpoint with that id exists
   * @throws IllegalStateException if the router already has its maximum number of endpoints
   */
  public void addEndpoint(Endpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    synchronized (membershipLock) {
      Membership m = membership;
      if (m.indexOf(endpoint.id()) >= 0) {
        throw new IllegalArgumentException("endpoint '" + endpoint.id() + "' already exists");
      }
      int replica = usedReplicas.nextClearBit(0);
      if (replica >= maxEndpoints) {
        throw new IllegalStateException(
            "cannot add endpoint '" + endpoint.id() + "': at most " + maxEndpoints + " endpoints");
      }
      usedReplicas.set(replica);
      prefixes.addReplica(replica, endpoint.kvCapacityTokens());
      EndpointSlot[] old = m.slots();
      EndpointSlot[] next = new EndpointSlot[old.length + 1];
      System.arraycopy(old, 0, next, 0, old.length);
      next[old.length] = new EndpointSlot(endpoint, replica, settings);
      membership = new Membership(next, localId);
    }
    capacityMayHaveFreed();
  }

  /**
   * Removes an endpoint and forgets what it cached. Leases on it stay valid and release normally.
   *
   * @param endpointId the endpoint
   * @return {@code false} when no endpoint has that id
   */
  public boolean removeEndpoint(String endpointId) {
    synchronized (membershipLock) {
      Membership m = membership;
      int i = m.indexOf(endpointId);
      if (i < 0) {
        return false;
      }
      EndpointSlot[] old = m.slots();
      EndpointSlot gone = old[i];
      gone.markRemoved();
      EndpointSlot[] next = new EndpointSlot[old.length - 1];
      System.arraycopy(old, 0, next, 0, i);
      System.arraycopy(old, i + 1, next, i, old.length - i - 1);
      membership = new Membership(next, localId);
      prefixes.removeReplica(gone.replica());
      usedReplicas.clear(gone.replica());
    }
    return true;
  }

  private @Nullable EndpointSlot slot(String endpointId) {
    return membership.slot(Objects.requireNonNull(endpointId, "endpointId"));
  }

  /**
   * Replaces the policy; queued requests are re-decided with it. The prefix index is kept.
   *
   * @param policy the new policy; never {@code null}
   */
  public void setPolicy(RoutingPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    capacityMayHaveFreed();
  }

  /**
   * The current policy.
   *
   * @return the policy, never {@code null}
   */
  public RoutingPolicy policy() {
    return policy;
  }

  /** Forgets every cached prefix the router believes the endpoints hold. */
  public void clearPrefixCache() {
    prefixes.clear();
  }

  // ------------------------------------------------------------------------------ inspection

  /**
   * The endpoints, in view order.
   *
   * @return an immutable list
   */
  public List<Endpoint> endpoints() {
    List<Endpoint> out = new ArrayList<>();
    for (EndpointSlot s : membership.slots()) {
      out.add(s.endpoint());
    }
    return List.copyOf(out);
  }

  /**
   * A snapshot of every endpoint's state, in view order.
   *
   * @return an immutable list
   */
  public List<EndpointStatus> status() {
    long now = ticker.nanos();
    List<EndpointStatus> out = new ArrayList<>();
    for (EndpointSlot s : membership.slots()) {
      out.add(new EndpointStatus(s.endpoint(), s.snapshot(now), prefixes.symbols(s.replica())));
    }
    return List.copyOf(out);
  }

  /**
   * Statistics of the prefix trie (nodes, depth, symbols per replica, estimated bytes). Takes the
   * trie's write lock briefly; meant for status pages, not the request path.
   *
   * @return the statistics; {@code symbolsPerReplica} is indexed by trie replica id, not by view
   *     index
   */
  public dev.gorgo.trie.TrieStats trieStats() {
    return prefixes.stats();
  }

  /**
   * Requests waiting in the admission queue.
   *
   * @return count, at least 0
   */
  public int queueDepth() {
    return queue.size();
  }

  /**
   * The ticker the router reads time from.
   *
   * @return the ticker
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * Shuts the router down: queued requests fail with {@link RejectReason#SHUTDOWN}, new requests
   * are rejected, the expiry timer stops. Leases already handed out release normally. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    queue.rejectAll(RejectReason.SHUTDOWN, SHUT_DOWN.message());
    synchronized (this) {
      if (timer != null) {
        timer.shutdownNow();
      }
    }
  }

  // ------------------------------------------------------------------------------ builder

  /**
   * Configures a {@link Router}. Not thread-safe; build once.
   *
   * <p>Defaults (the original system's where it had one): policy {@code gorgo}; system ticker;
   * centralized (no local endpoint); per-endpoint trie cap 4,194,304 symbols unless derived from
   * the endpoint's KV capacity, global cap 33,554,432 symbols; queue of 10,000 requests with a 60 s
   * timeout; KV usage threshold 0.95; unhealthy after 3 failed probes, healthy after 2 successful
   * ones; RTT EWMA alpha 0.3; engine reports ignored after 5 s; at most 256 endpoints.
   */
  public static final class Builder {
    private @Nullable RoutingPolicy policy; // null: the default, created by build()
    private final List<Endpoint> endpoints = new ArrayList<>();
    private Ticker ticker = Ticker.system();
    private @Nullable String localEndpoint;
    private long perEndpointSymbols = 1L << 22;
    private long globalSymbols = 1L << 25;
    private int maxQueued = 10_000;
    private Duration queueTimeout = Duration.ofSeconds(60);
    private double kvUsageThreshold = 0.95;
    private int failuresToUnhealthy = 3;
    private int successesToHealthy = 2;
    private double rttAlpha = 0.3;
    private Duration engineMaxAge = Duration.ofSeconds(5);
    private dev.gorgo.api.RouterListener listener = dev.gorgo.api.RouterListener.NONE;
    private boolean manualExpiry;
    private int maxEndpoints = 256;

    private Builder() {}

    /**
     * Sets the policy.
     *
     * @param policy the policy; never {@code null}
     * @return this builder
     */
    public Builder policy(RoutingPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the policy by name through {@link dev.gorgo.api.Policies}.
     *
     * @param name a registered policy name, for example {@code "gorgo"}
     * @param parameters parameter values as text; unset ones take their defaults
     * @return this builder
     * @throws dev.gorgo.api.UnknownPolicyException if the name is not registered (the message lists
     *     the known ones)
     * @throws IllegalArgumentException if a parameter is unknown or does not parse
     */
    public Builder policy(String name, java.util.Map<String, String> parameters) {
      return policy(dev.gorgo.api.Policies.create(name, parameters));
    }

    /**
     * Sets the initial endpoints (replacing any set before).
     *
     * @param endpoints the endpoints, ids unique
     * @return this builder
     */
    public Builder endpoints(List<Endpoint> endpoints) {
      this.endpoints.clear();
      this.endpoints.addAll(endpoints);
      return this;
    }

    /**
     * Sets the clock; the simulator passes virtual time.
     *
     * @param ticker the ticker; never {@code null}
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Runs the router in distributed mode beside one endpoint (see the {@code gorgo-local} policy).
     *
     * @param endpointId the local endpoint's id, or {@code null} for a centralized router
     * @return this builder
     */
    public Builder localEndpoint(@Nullable String endpointId) {
      this.localEndpoint = endpointId;
      return this;
    }

    /**
     * Sets the prefix trie's memory bounds. An endpoint whose KV capacity is known gets a cap of
     * that capacity in symbols (tokens divided by the keys' tokens per symbol) instead of the
     * default.
     *
     * @param perEndpointSymbols default cap per endpoint, in symbols, at least 1
     * @param globalSymbols cap over all endpoints, in symbols, at least 1
     * @return this builder
     */
    public Builder trieCaps(long perEndpointSymbols, long globalSymbols) {
      if (perEndpointSymbols < 1 || globalSymbols < 1) {
        throw new IllegalArgumentException("trie caps must be >= 1");
      }
      this.perEndpointSymbols = perEndpointSymbols;
      this.globalSymbols = globalSymbols;
      return this;
    }

    /**
     * Sets the admission queue's bounds.
     *
     * @param maxQueued requests that may wait at once, at least 0 (0 rejects instead of queueing)
     * @param timeout how long a request may wait, positive
     * @return this builder
     */
    public Builder admission(int maxQueued, Duration timeout) {
      if (maxQueued < 0) {
        throw new IllegalArgumentException("maxQueued must be >= 0, was " + maxQueued);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("queue timeout must be positive, was " + timeout);
      }
      this.maxQueued = maxQueued;
      this.queueTimeout = timeout;
      return this;
    }

    /**
     * Sets the KV usage at or above which an endpoint is not eligible.
     *
     * @param threshold a fraction in (0, 1]
     * @return this builder
     */
    public Builder kvUsageThreshold(double threshold) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("kvUsageThreshold must be in (0, 1], was " + threshold);
      }
      this.kvUsageThreshold = threshold;
      return this;
    }

    /**
     * Sets the health thresholds.
     *
     * @param failuresToUnhealthy consecutive failed probes that make an endpoint unhealthy, >= 1
     * @param successesToHealthy consecutive successful probes that make it healthy again, >= 1
     * @return this builder
     */
    public Builder health(int failuresToUnhealthy, int successesToHealthy) {
      if (failuresToUnhealthy < 1 || successesToHealthy < 1) {
        throw new IllegalArgumentException("health thresholds must be >= 1");
      }
      this.failuresToUnhealthy = failuresToUnhealthy;
      this.successesToHealthy = successesToHealthy;
      return this;
    }

    /**
     * Sets the weight of a new RTT sample in the moving average.
     *
     * @param alpha in (0, 1]
     * @return this builder
     */
    public Builder rttAlpha(double alpha) {
      if (!(alpha > 0 && alpha <= 1)) {
        throw new IllegalArgumentException("rttAlpha must be in (0, 1], was " + alpha);
      }
      this.rttAlpha = alpha;
      return this;
    }

    /**
     * Sets how long an engine load report stays valid; older reports are ignored (the endpoint's
     * load then comes from this router's in-flight accounting only).
     *
     * @param maxAge positive
     * @return this builder
     */
    public Builder engineLoadMaxAge(Duration maxAge) {
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("engineLoadMaxAge must be positive, was " + maxAge);
      }
      this.engineMaxAge = maxAge;
      return this;
    }

    /**
     * Sets the observer of decisions, queueing and outcomes.
     *
     * @param listener the listener; never {@code null}
     * @return this builder
     */
    public Builder listener(dev.gorgo.api.RouterListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Leaves timing out queued requests to the caller's {@link Router#expireWaiters()} (for virtual
     * time); no timer thread is started.
     *
     * @return this builder
     */
    public Builder manualExpiry() {
      this.manualExpiry = true;
      return this;
    }

    /**
     * Sets the most endpoints the router may hold at once (the trie's replica count).
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxEndpoints(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxEndpoints must be >= 1, was " + max);
      }
      this.maxEndpoints = max;
      return this;
    }

    /**
     * Builds the router.
     *
     * @return the router
     * @throws IllegalArgumentException if endpoint ids repeat or exceed {@code maxEndpoints}
     */
    public Router build() {
      RoutingPolicy p = policy;
      if (p == null) {
        p = dev.gorgo.api.Policies.create("gorgo");
        policy = p;
      }
      if (endpoints.size() > maxEndpoints) {
        throw new IllegalArgumentException(
            endpoints.size() + " endpoints given but maxEndpoints is " + maxEndpoints);
      }
      return new Router(this, p);
    }
  }
}
