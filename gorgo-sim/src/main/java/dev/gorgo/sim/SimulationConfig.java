package dev.gorgo.sim;

import dev.gorgo.api.Endpoint;
import dev.gorgo.sim.engine.EngineProfile;
import dev.gorgo.sim.topology.Topology;
import dev.gorgo.sim.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything one simulation needs: the workload, where replicas and clients sit, the engine model,
 * the policies to compare and the router's control-plane periods. Immutable and thread-safe; build
 * it with {@link #builder(Workload)}.
 *
 * @param workload the requests, before rate scaling
 * @param topology regions, RTTs, router and client placement
 * @param replicasPerRegion engines per region; at least 1
 * @param profile the engine model of every replica
 * @param policies policy names, each run separately on a fresh cluster ({@code oracle} is the
 *     simulator's own; every other name is looked up through {@link dev.gorgo.api.Policies})
 * @param policyParameters parameters passed to every policy that declares them (for example {@code
 *     t_p}); names a policy does not declare are ignored for it. When not given, a declared {@code
 *     t_p} is set to the engine profile's (the calibration a deployment would do) and a declared
 *     {@code seed} is derived from {@code seed}
 * @param rateScale arrival-rate multiplier (2 = twice as fast); positive
 * @param seed seed of everything random in the run (probe jitter, random policies)
 * @param metricsPeriod how often the router polls each engine's metrics (500 ms in the original)
 * @param probePeriod how often the router probes each endpoint's RTT (100 ms in the original)
 * @param probeJitter lognormal sigma of RTT probe samples around the topology's RTT (0 = exact)
 * @param maxRunningGate running requests per replica at which the router stops sending (the
 *     endpoint's {@code maxRunning}; 10 in the original)
 * @param keyBlockTokens tokens per routing-key symbol: the router's prefix key hashes each block of
 *     this many prompt tokens into one symbol
 * @param admissionQueue the router's admission queue bound
 * @param admissionTimeout how long a request may wait in the admission queue
 * @param threads policies simulated in parallel (each run is single-threaded and deterministic)
 * @param distributed {@code false} for one centralized router in the topology's router region;
 *     {@code true} for a router beside every replica (built with that replica as its local
 *     endpoint, as the {@code gorgo-local} deployment runs), each client sending to one of its own
 *     region's routers, chosen by the client's hash. A request a router sends to another replica
 *     travels there directly (the peer's admission is not simulated).
 */
public record SimulationConfig(
    Workload workload,
    Topology topology,
    int replicasPerRegion,
    EngineProfile profile,
    List<String> policies,
    Map<String, String> policyParameters,
    double rateScale,
    long seed,
    Duration metricsPeriod,
    Duration probePeriod,
    double probeJitter,
    int maxRunningGate,
    int keyBlockTokens,
    int admissionQueue,
    Duration admissionTimeout,
    int threads,
    boolean distributed) {

  /** The policies compared when none are named: the simulator's oracle and every built-in one. */
  public static final List<String> DEFAULT_POLICIES =
      List.of(
          "gorgo",
          "prefix-tree",
          "least-load",
          "round-robin",
          "random",
          "power-of-two",
          "session-affinity",
          "cache-aware",
          "nearest-region",
          "oracle");

  /**
   * The policies compared when none are named: {@link #DEFAULT_POLICIES}, preceded by {@code
   * gorgo-local} in the distributed deployment (the only one where it differs from {@code gorgo}).
   *
   * @param distributed whether there is a router beside every replica
   * @return policy names
   */
  public static List<String> defaultPolicies(boolean distributed) {
    if (!distributed) {
      return DEFAULT_POLICIES;
    }
    List<String> all = new ArrayList<>();
    all.add("gorgo-local");
    all.addAll(DEFAULT_POLICIES);
    return List.copyOf(all);
  }

  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException if a component is out of range
   * @throws NullPointerException if a component is {@code null}
   */
  public SimulationConfig {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(profile, "profile");
    policies = List.copyOf(policies);
    policyParameters = Map.copyOf(policyParameters);
    Objects.requireNonNull(metricsPeriod, "metricsPeriod");
    Objects.requireNonNull(probePeriod, "probePeriod");
    Objects.requireNonNull(admissionTimeout, "admissionTimeout");
    if (replicasPerRegion < 1) {
      throw new IllegalArgumentException(
          "replicasPerRegion must be >= 1, was " + replicasPerRegion);
    }
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("no policies to simulate");
    }
    if (policies.stream().distinct().count() != policies.size()) {
      throw new IllegalArgumentException("a policy is named twice: " + policies);
    }
    if (!(rateScale > 0) || Double.isInfinite(rateScale)) {
      throw new IllegalArgumentException("rateScale must be finite and > 0, was " + rateScale);
    }
    if (metricsPeriod.isNegative() || metricsPeriod.isZero()) {
      throw new IllegalArgumentException("metricsPeriod must be positive");
    }
    if (probePeriod.isNegative() || probePeriod.isZero()) {
      throw new IllegalArgumentException("probePeriod must be positive");
    }
    if (!(probeJitter >= 0) || probeJitter > 2) {
      throw new IllegalArgumentException("probeJitter must be in [0, 2], was " + probeJitter);
    }
    if (maxRunningGate < 1 || keyBlockTokens < 1 || admissionQueue < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "maxRunningGate, keyBlockTokens, admissionQueue and threads must be >= 1");
    }
  }

  /**
   * Starts a configuration with the defaults: topology {@code paper-v1}, 2 replicas per region,
   * profile {@code a100-mistral7b}, {@link #defaultPolicies(boolean)}, rate scale 1, seed 1,
   * metrics every 500 ms, probes every 100 ms with 5% jitter, gate 10 running per replica, 16-token
   * key blocks, admission queue 10,000 for 60 s, 1 thread.
   *
   * @param workload the requests
   * @return a builder
   */
  public static Builder builder(Workload workload) {
    return new Builder(workload);
  }

  /**
   * The simulated workload: {@link #workload()} with {@link #rateScale()} applied.
   *
   * @return the scaled workload
   */
  public Workload scaledWorkload() {
    return workload.scaled(rateScale);
  }

  /** Builds a {@link SimulationConfig}. Not thread-safe. */
  public static final class Builder {
    private final Workload workload;
    private Topology topology = Topology.named("paper-v1");
    private int replicasPerRegion = 2;
    private EngineProfile profile = EngineProfile.A100_MISTRAL7B;
    private @Nullable List<String> policies;
    private Map<String, String> policyParameters = Map.of();
    private double rateScale = 1;
    private long seed = 1;
    private Duration metricsPeriod = Duration.ofMillis(500);
    private Duration probePeriod = Duration.ofMillis(100);
    private double probeJitter = 0.05;
    private int maxRunningGate = Endpoint.DEFAULT_MAX_RUNNING;
    private int keyBlockTokens = 16;
    private int admissionQueue = 10_000;
    private Duration admissionTimeout = Duration.ofSeconds(60);
    private int threads = 1;
    private boolean distributed;

    private Builder(Workload workload) {
      this.workload = Objects.requireNonNull(workload, "workload");
    }

    /**
     * Sets the topology.
     *
     * @param t the topology
     * @return this builder
     */
    public Builder topology(Topology t) {
      this.topology = t;
      return this;
    }

    /**
     * Sets the replicas per region.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder replicasPerRegion(int n) {
      this.replicasPerRegion = n;
      return this;
    }

    /**
     * Sets the engine profile.
     *
     * @param p the profile
     * @return this builder
     */
    public Builder profile(EngineProfile p) {
      this.profile = p;
      return this;
    }

    /**
     * Sets the policies to compare.
     *
     * @param names policy names
     * @return this builder
     */
    public Builder policies(List<String> names) {
      this.policies = names;
      return this;
    }

    /**
     * Sets parameters for the policies that declare them.
     *
     * @param parameters name to value
     * @return this builder
     */
    public Builder policyParameters(Map<String, String> parameters) {
      this.policyParameters = parameters;
      return this;
    }

    /**
     * Sets the arrival-rate multiplier.
     *
     * @param x positive
     * @return this builder
     */
    public Builder rateScale(double x) {
      this.rateScale = x;
      return this;
    }

    /**
     * Sets the seed.
     *
     * @param s the seed
     * @return this builder
     */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * Sets the metrics polling period.
     *
     * @param d positive
     * @return this builder
     */
    public Builder metricsPeriod(Duration d) {
      this.metricsPeriod = d;
      return this;
    }

    /**
     * Sets the RTT probing period.
     *
     * @param d positive
     * @return this builder
     */
    public Builder probePeriod(Duration d) {
      this.probePeriod = d;
      return this;
    }

    /**
     * Sets the RTT probe jitter.
     *
     * @param sigma lognormal sigma, 0 for exact samples
     * @return this builder
     */
    public Builder probeJitter(double sigma) {
      this.probeJitter = sigma;
      return this;
    }

    /**
     * Sets the router's running-request gate per replica.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder maxRunningGate(int n) {
      this.maxRunningGate = n;
      return this;
    }

    /**
     * Sets the tokens per routing-key symbol.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder keyBlockTokens(int n) {
      this.keyBlockTokens = n;
      return this;
    }

    /**
     * Sets the router's admission queue.
     *
     * @param maxQueued bound, at least 1
     * @param timeout longest wait
     * @return this builder
     */
    public Builder admission(int maxQueued, Duration timeout) {
      this.admissionQueue = maxQueued;
      this.admissionTimeout = timeout;
      return this;
    }

    /**
     * Sets how many policies run in parallel.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder threads(int n) {
      this.threads = n;
      return this;
    }

    /**
     * Chooses between one centralized router and a router beside every replica.
     *
     * @param perReplica {@code true} for the distributed deployment
     * @return this builder
     */
    public Builder distributed(boolean perReplica) {
      this.distributed = perReplica;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a value is out of range
     */
    public SimulationConfig build() {
      return new SimulationConfig(
          workload,
          topology,
          replicasPerRegion,
          profile,
          policies != null ? policies : defaultPolicies(distributed),
          policyParameters,
          rateScale,
          seed,
          metricsPeriod,
          probePeriod,
          probeJitter,
          maxRunningGate,
          keyBlockTokens,
          admissionQueue,
          admissionTimeout,
          threads,
          distributed);
    }
  }
}
