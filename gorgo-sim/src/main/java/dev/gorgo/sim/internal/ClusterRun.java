package dev.gorgo.sim.internal;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Outcome;
import dev.gorgo.api.Policies;
import dev.gorgo.api.PolicyParameter;
import dev.gorgo.api.PromptKey;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.router.Lease;
import dev.gorgo.router.RejectedException;
import dev.gorgo.router.Router;
import dev.gorgo.sim.PolicyResult;
import dev.gorgo.sim.SimulationConfig;
import dev.gorgo.sim.engine.EngineListener;
import dev.gorgo.sim.engine.EngineModel;
import dev.gorgo.sim.topology.Topology;
import dev.gorgo.sim.workload.TraceRequest;
import dev.gorgo.sim.workload.Workload;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Simulates one policy on one cluster, in virtual time, and measures it.
 *
 * <h2>The model</h2>
 *
 * <p>One {@link EngineModel} per replica, placed in the topology's regions, and one real {@link
 * Router} in the router's region, built with the policy, a virtual {@linkplain dev.gorgo.api.Ticker
 * ticker} reading this run's clock and manual expiry. A request travels as it would in a
 * deployment: the client sends it, it reaches the router half a client-router round trip later and
 * is routed there ({@link Router#routeAsync}: at once, or when the admission queue admits it); it
 * then reaches the chosen replica half a router-replica round trip later and is submitted to its
 * engine. The response header (the replica accepting), the first token and the last token travel
 * back the same way: the router sees them half a router-replica round trip after the engine
 * produced them ({@link Lease#accepted()}, {@link Lease#firstToken()}, {@link Lease#complete}), the
 * client half a client-router round trip after that. TTFT and end-to-end latency are measured at
 * the client.
 *
 * <p>In the distributed deployment ({@link SimulationConfig#distributed()}) there is one router
 * beside every replica, built with that replica as its local endpoint; a client sends to a router
 * of its own region (chosen by its hash), and every path above is measured from that router's
 * region. Each router has its own view: its own in-flight counts, prefix trie, probes and polls.
 *
 * <p>The control plane runs with its real periods and staleness: every {@code metricsPeriod} the
 * router polls each engine (the engine reads its running, queued and KV usage when the poll
 * arrives, and the router learns them one round trip after sending, {@link
 * Router#updateEngineLoad}); every {@code probePeriod} it probes each endpoint's RTT (a sample of
 * the topology's RTT with lognormal jitter, delivered one RTT later, {@link Router#updateRtt},
 * {@link Router#reportProbe}) and expires admission-queue waiters ({@link Router#expireWaiters}).
 * Capacity is announced once at start, as the adapter does from {@code /get_server_info}.
 *
 * <h2>Mechanics</h2>
 *
 * <p>A binary heap of events ordered by time, then by insertion order, so that runs are
 * deterministic. Engines are advanced lazily: each has at most one live wake-up event at the end of
 * its current step. Engine callbacks and router callbacks only schedule events (never call back
 * into the engine or router), which keeps every component's calls in time order. Prompt tokens are
 * synthesised when a request reaches the router and dropped when it ends, so memory stays
 * proportional to the requests in flight. Not thread-safe; one instance runs once.
 */
public final class ClusterRun {
  private static final int ARRIVE_ROUTER = 0;
  private static final int ENGINE_RECEIVE = 1;
  private static final int ENGINE_WAKE = 2;
  private static final int ROUTER_ACCEPTED = 3;
  private static final int ROUTER_FIRST_TOKEN = 4;
  private static final int ROUTER_FINISH = 5;
  private static final int METRICS_TICK = 6;
  private static final int METRICS_SAMPLE = 7;
  private static final int METRICS_DELIVER = 8;
  private static final int PROBE_TICK = 9;
  private static final int PROBE_DELIVER = 10;
  private static final int LOAD_SAMPLE = 11;

  /** One scheduled event. */
  private static final class Event implements Comparable<Event> {
    final long time;
    final long seq;
    final int kind;
    final int router;
    final int engine;

    /** The request the event is about; null for ticks, samples and wake-ups. */
    final @Nullable Req req;

    final double a;
    final double b;
    final double c;

    Event(
        long time,
        long seq,
        int kind,
        int router,
        int engine,
        @Nullable Req req,
        double a,
        double b,
        double c) {
      this.time = time;
      this.seq = seq;
      this.kind = kind;
      this.router = router;
      this.engine = engine;
      this.req = req;
      this.a = a;
      this.b = b;
      this.c = c;
    }

    @Override
    public int compareTo(Event o) {
      return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
    }
  }

  /** A request in flight. */
  static final class Req {
    final int index;
    final TraceRequest trace;
    final int clientRegion;
    int router;

    /** The prompt, from arrival at the router until the request ends; null before and after. */
    int @Nullable [] tokens;

    /** The router's lease, from admission on; null before and when routing failed. */
    @Nullable Lease lease;

    int endpoint = -1;
    long engineId;
    int cached = -1;
    int uncachedInTransit;
    long firstTokenClient = -1;
    long finishClient = -1;
    int outputTokens;

    /** Why the request failed, or null while it has not. */
    @Nullable String failure;

    Req(int index, TraceRequest trace, int clientRegion) {
      this.index = index;
      this.trace = trace;
      this.clientRegion = clientRegion;
    }

    /** The prompt of a request in flight. */
    int[] tokens() {
      return Objects.requireNonNull(tokens, "a request in flight has its prompt");
    }

    /** The lease of a request the router admitted. */
    Lease lease() {
      return Objects.requireNonNull(lease, "an admitted request has a lease");
    }
  }

  private final SimulationConfig config;
  private final String policyName;
  private final Topology topology;
  private final List<TraceRequest> requests;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private final EngineModel[] engines;
  private final String[] endpointIds;
  private final int[] endpointRegion;
  private final long[] wakeAt;
  private final long[] inTransitTokens;
  private final long[] routedTo;
  private final List<Map<Long, Req>> byEngineId = new ArrayList<>();
  private final Map<String, Req> routing = new HashMap<>();
  private final Req[] all;
  private final int[] routerRegion;
  private final SplittableRandom random;
  private final Router[] routers;
  private final long metricsPeriod;
  private final long probePeriod;
  private final long loadSamplePeriod;

  /** Per sample: engine load per region, then the routers' admission-queue depth. */
  private final List<double[]> loadSamples = new ArrayList<>();

  private final List<Double> loadTimes = new ArrayList<>();
  private long now;
  private long seq;
  private int outstanding;

  /**
   * Prepares a run.
   *
   * @param config the simulation
   * @param policyName the policy to run ({@code oracle} or a registered name)
   * @param workload the (already rate-scaled) requests
   * @throws IllegalArgumentException if the policy is unknown or a request's region is not in the
   *     topology
   */
  public ClusterRun(SimulationConfig config, String policyName, Workload workload) {
    this.config = config;
    this.policyName = policyName;
    this.topology = config.topology();
    this.requests = workload.requests();
    this.random = new SplittableRandom(config.seed());
    int centralRegion = topology.indexOf(topology.routerRegion());
    int regions = topology.regions().size();
    int n = regions * config.replicasPerRegion();
    engines = new EngineModel[n];
    endpointIds = new String[n];
    endpointRegion = new int[n];
    wakeAt = new long[n];
    inTransitTokens = new long[n];
    routedTo = new long[n];
    List<Endpoint> endpoints = new ArrayList<>();
    for (int r = 0, e = 0; r < regions; r++) {
      for (int k = 0; k < config.replicasPerRegion(); k++, e++) {
        String region = topology.regions().get(r);
        endpointIds[e] = region + "-" + k;
        endpointRegion[e] = r;
        wakeAt[e] = Long.MAX_VALUE;
        Map<Long, Req> ids = new HashMap<>();
        byEngineId.add(ids);
        engines[e] = new EngineModel(config.profile(), new Listener(e, ids));
        endpoints.add(
            new Endpoint(
                endpointIds[e],
                URI.create("http://" + endpointIds[e] + ".sim:30000"),
                region,
                Map.of(),
                config.maxRunningGate(),
                config.profile().kvCapacityTokens()));
      }
    }
    // Centralized: one router in the topology's router region. Distributed: a router beside every
    // replica (its local endpoint), in the replica's region.
    int routerCount = config.distributed() ? n : 1;
    routers = new Router[routerCount];
    routerRegion = new int[routerCount];
    long perEndpointSymbols =
        Math.max(1, config.profile().kvCapacityTokens() / config.keyBlockTokens());
    for (int k = 0; k < routerCount; k++) {
      routerRegion[k] = config.distributed() ? endpointRegion[k] : centralRegion;
      double[] rtt = new double[n];
      for (int e = 0; e < n; e++) {
        rtt[e] = topology.rttMs(routerRegion[k], endpointRegion[e]);
      }
      RoutingPolicy policy =
          "oracle".equals(policyName)
              ? new OraclePolicy(
                  endpointIds, engines, rtt, inTransitTokens, this::tokensBeingRouted)
              : createPolicy(policyName, config);
      Router.Builder b =
          Router.builder()
              .policy(policy)
              .endpoints(endpoints)
              .ticker(() -> now)
              .manualExpiry()
              .trieCaps(perEndpointSymbols, perEndpointSymbols * n)
              .admission(config.admissionQueue(), config.admissionTimeout());
      if (config.distributed()) {
        b.localEndpoint(endpointIds[k]);
      }
      routers[k] = b.build();
    }
    all = new Req[requests.size()];
    for (int i = 0; i < all.length; i++) {
      TraceRequest t = requests.get(i);
      int region =
          t.clientRegion() != null
              ? topology.indexOf(t.clientRegion())
              : topology.clientRegion(t.clientHash());
      all[i] = new Req(i, t, region);
      all[i].router = config.distributed() ? routerFor(region, t.clientHash()) : 0;
    }
    metricsPeriod = config.metricsPeriod().toNanos();
    probePeriod = config.probePeriod().toNanos();
    long span = requests.isEmpty() ? 0 : requests.get(requests.size() - 1).arrivalNanos();
    loadSamplePeriod = Math.max(1_000_000_000L, span / 300);
  }

  private static RoutingPolicy createPolicy(String name, SimulationConfig config) {
    Map<String, String> params = new HashMap<>();
    for (PolicyParameter p : Policies.provider(name).parameters()) {
      String v = config.policyParameters().get(p.name());
      if (v != null) {
        params.put(p.name(), v);
      } else if (p.name().equals("t_p")) {
        // A deployment calibrates t_p to its hardware: use the engine profile's.
        params.put("t_p", Double.toString(config.profile().tPrefillMsPerToken()));
      } else if (p.name().equals("seed")) {
        // Seeded policies (random, power-of-two) draw reproducibly from the run's seed.
        params.put("seed", Long.toString(1 + Math.floorMod(config.seed(), Integer.MAX_VALUE - 1)));
      }
    }
    return Policies.create(name, params);
  }

  /**
   * Runs the simulation to the end (every request completed or failed) and measures it.
   *
   * @return the policy's result
   */
  public PolicyResult run() {
    long wallStart = System.nanoTime();
    for (int k = 0; k < routers.length; k++) {
      for (int e = 0; e < engines.length; e++) {
        routers[k].updateCapacity(
            endpointIds[e], config.maxRunningGate(), engines[e].profile().kvCapacityTokens());
      }
    }
    for (Req r : all) {
      long at = r.trace.arrivalNanos() + oneWay(r.clientRegion, routerRegion[r.router]);
      schedule(at, ARRIVE_ROUTER, -1, r, 0, 0, 0);
    }
    outstanding = all.length;
    schedule(0, PROBE_TICK, -1, null, 0, 0, 0);
    schedule(0, METRICS_TICK, -1, null, 0, 0, 0);
    schedule(0, LOAD_SAMPLE, -1, null, 0, 0, 0);
    Event ev;
    while (outstanding > 0 && (ev = events.poll()) != null) {
      now = ev.time;
      handle(ev);
    }
    for (Router router : routers) {
      router.close();
    }
    return Measurements.of(
        policyName,
        all,
        routerRegion,
        engines,
        endpointIds,
        endpointRegion,
        routedTo,
        topology,
        loadTimes,
        loadSamples,
        (System.nanoTime() - wallStart) / 1_000_000);
  }

  /** The prompt of a request the router is deciding on (the oracle's view of it). */
  private int[] tokensBeingRouted(String requestId) {
    Req r = routing.get(requestId);
    if (r == null) {
      throw new IllegalStateException("no request " + requestId + " is being routed");
    }
    return r.tokens();
  }

  private static Req req(Event ev) {
    return Objects.requireNonNull(ev.req, "a request event carries its request");
  }

  private void handle(Event ev) {
    switch (ev.kind) {
      case ARRIVE_ROUTER -> arrive(req(ev));
      case ENGINE_RECEIVE -> receive(req(ev));
      case ENGINE_WAKE -> {
        if (wakeAt[ev.engine] == ev.time) {
          wakeAt[ev.engine] = Long.MAX_VALUE;
          engines[ev.engine].advance(now);
          rearm(ev.engine);
        }
      }
      case ROUTER_ACCEPTED -> req(ev).lease().accepted();
      case ROUTER_FIRST_TOKEN -> {
        Req r = req(ev);
        r.lease().firstToken();
        r.firstTokenClient = now + oneWay(routerRegion[r.router], r.clientRegion);
      }
      case ROUTER_FINISH -> {
        Req r = req(ev);
        r.finishClient = now + oneWay(routerRegion[r.router], r.clientRegion);
        r.lease().complete(Outcome.SUCCESS);
        outstanding--;
      }
      case METRICS_TICK -> {
        for (int k = 0; k < routers.length; k++) {
          for (int e = 0; e < engines.length; e++) {
            schedule(now + leg(k, e), METRICS_SAMPLE, k, e, null, 0, 0, 0);
          }
        }
        periodic(METRICS_TICK, metricsPeriod);
      }
      case METRICS_SAMPLE -> {
        EngineModel engine = engines[ev.engine];
        engine.advance(now);
        rearm(ev.engine);
        schedule(
            now + leg(ev.router, ev.engine),
            METRICS_DELIVER,
            ev.router,
            ev.engine,
            null,
            engine.running(),
            engine.queued(),
            Math.min(1.0, engine.kvUsage()));
      }
      case METRICS_DELIVER ->
          routers[ev.router].updateEngineLoad(endpointIds[ev.engine], (int) ev.a, (int) ev.b, ev.c);
      case PROBE_TICK -> {
        for (int k = 0; k < routers.length; k++) {
          for (int e = 0; e < engines.length; e++) {
            double rtt = topology.rttMs(routerRegion[k], endpointRegion[e]);
            double sample = rtt * Math.exp(config.probeJitter() * gaussian());
            schedule(now + millisToNanos(sample), PROBE_DELIVER, k, e, null, sample, 0, 0);
          }
          routers[k].expireWaiters();
        }
        periodic(PROBE_TICK, probePeriod);
      }
      case PROBE_DELIVER -> {
        routers[ev.router].updateRtt(endpointIds[ev.engine], ev.a);
        routers[ev.router].reportProbe(endpointIds[ev.engine], true);
      }
      case LOAD_SAMPLE -> {
        double[] load = new double[topology.regions().size() + 1];
        for (Router router : routers) {
          load[load.length - 1] += router.queueDepth();
        }
        for (int e = 0; e < engines.length; e++) {
          engines[e].advance(now);
          rearm(e);
          load[endpointRegion[e]] += engines[e].running() + engines[e].queued();
        }
        loadTimes.add(now / 1e9);
        loadSamples.add(load);
        periodic(LOAD_SAMPLE, loadSamplePeriod);
      }
      default -> throw new IllegalStateException("unknown event kind " + ev.kind);
    }
  }

  private void periodic(int kind, long period) {
    if (outstanding > 0) {
      schedule(now + period, kind, -1, null, 0, 0, 0);
    }
  }

  private void arrive(Req r) {
    TraceRequest t = r.trace;
    int[] tokens = t.tokens();
    r.tokens = tokens;
    RoutingRequest rr =
        new RoutingRequest(
            t.id(),
            key(tokens),
            tokens.length,
            topology.regions().get(r.clientRegion),
            t.sessionKey(),
            now,
            0);
    routing.put(t.id(), r);
    CompletableFuture<Lease> f = routers[r.router].routeAsync(rr);
    if (f.isDone()) {
      admitted(r, f);
    } else {
      f.whenComplete((lease, ex) -> admitted(r, f));
    }
  }

  private void admitted(Req r, CompletableFuture<Lease> f) {
    routing.remove(r.trace.id());
    Lease lease;
    try {
      lease = f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      r.failure = cause instanceof RejectedException re ? re.reason().name() : "ROUTING_ERROR";
      r.tokens = null;
      outstanding--;
      return;
    }
    r.lease = lease;
    int e = indexOf(lease.endpoint().id());
    r.endpoint = e;
    routedTo[e]++;
    r.uncachedInTransit = r.tokens().length;
    inTransitTokens[e] += r.uncachedInTransit;
    schedule(now + leg(r.router, e), ENGINE_RECEIVE, e, r, 0, 0, 0);
  }

  private void receive(Req r) {
    int e = r.endpoint;
    inTransitTokens[e] -= r.uncachedInTransit;
    r.uncachedInTransit = 0;
    int[] output = r.trace.outputTokenIds();
    int[] tokens = r.tokens();
    try {
      r.engineId =
          output != null
              ? engines[e].submit(now, tokens, output)
              : engines[e].submit(now, tokens, r.trace.outputTokens());
    } catch (IllegalArgumentException tooLarge) {
      // The replica refuses the request outright (as SGLang answers 400 for an oversized one).
      r.failure = "ENGINE_REFUSED";
      r.tokens = null;
      r.lease().complete(Outcome.FAILED);
      outstanding--;
      return;
    }
    byEngineId.get(e).put(r.engineId, r);
    schedule(now + leg(r.router, e), ROUTER_ACCEPTED, e, r, 0, 0, 0);
    rearm(e);
  }

  private void rearm(int e) {
    long next = engines[e].nextEventNanos();
    if (next != Long.MAX_VALUE && next != wakeAt[e]) {
      wakeAt[e] = next;
      schedule(next, ENGINE_WAKE, e, null, 0, 0, 0);
    }
  }

  /** Receives one engine's events and schedules their arrival at the router. */
  private final class Listener implements EngineListener {
    private final int engine;
    private final Map<Long, Req> ids;

    Listener(int engine, Map<Long, Req> ids) {
      this.engine = engine;
      this.ids = ids;
    }

    private Req request(long id) {
      Req r = ids.get(id);
      if (r == null) {
        throw new IllegalStateException("engine " + engine + " reported unknown request " + id);
      }
      return r;
    }

    @Override
    public void onFirstToken(long id, long nanos, int cachedTokens) {
      Req r = request(id);
      r.cached = cachedTokens;
      schedule(
          Math.max(now, nanos) + leg(r.router, engine), ROUTER_FIRST_TOKEN, engine, r, 0, 0, 0);
    }

    @Override
    public void onFinish(long id, long nanos, int outputTokens) {
      Req r = request(id);
      ids.remove(id);
      r.outputTokens = outputTokens;
      r.tokens = null;
      schedule(Math.max(now, nanos) + leg(r.router, engine), ROUTER_FINISH, engine, r, 0, 0, 0);
    }
  }

  private PromptKey key(int[] tokens) {
    int block = config.keyBlockTokens();
    int[] symbols = new int[tokens.length / block];
    for (int s = 0, pos = 0; s < symbols.length; s++) {
      int h = 0x811c9dc5;
      for (int end = pos + block; pos < end; pos++) {
        h = (h ^ tokens[pos]) * 0x01000193;
      }
      symbols[s] = h;
    }
    return PromptKey.wrap(symbols, block);
  }

  private int indexOf(String endpointId) {
    for (int i = 0; i < endpointIds.length; i++) {
      if (endpointIds[i].equals(endpointId)) {
        return i;
      }
    }
    throw new IllegalStateException("router chose an unknown endpoint " + endpointId);
  }

  private long oneWay(int regionA, int regionB) {
    return millisToNanos(topology.rttMs(regionA, regionB) / 2);
  }

  /** One way between router {@code k} and endpoint {@code e}. */
  private long leg(int k, int e) {
    return oneWay(routerRegion[k], endpointRegion[e]);
  }

  /** A client's router in distributed mode: one beside a replica of its region, by its hash. */
  private int routerFor(int clientRegion, long clientHash) {
    int count = 0;
    for (int e = 0; e < endpointRegion.length; e++) {
      if (endpointRegion[e] == clientRegion) {
        count++;
      }
    }
    int pick = (int) Math.floorMod(Topology.mix(clientHash), (long) count);
    for (int e = 0; e < endpointRegion.length; e++) {
      if (endpointRegion[e] == clientRegion && pick-- == 0) {
        return e;
      }
    }
    throw new IllegalStateException("no replica in region " + clientRegion);
  }

  private static long millisToNanos(double ms) {
    return Math.round(ms * 1e6);
  }

  private double gaussian() {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private void schedule(
      long time, int kind, int engine, @Nullable Req r, double a, double b, double c) {
    schedule(time, kind, 0, engine, r, a, b, c);
  }

  private void schedule(
      long time, int kind, int router, int engine, @Nullable Req r, double a, double b, double c) {
    events.add(new Event(time, seq++, kind, router, engine, r, a, b, c));
  }
}
