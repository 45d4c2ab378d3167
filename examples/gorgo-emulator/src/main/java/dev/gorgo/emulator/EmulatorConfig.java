package dev.gorgo.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What to emulate: the replicas, the engine profile they all run, and how fast time passes.
 *
 * @param replicas the replicas, at least one, with unique names
 * @param profile engine profile name of the simulator ({@code h100-7b} or {@code a100-mistral7b})
 * @param timeScale model seconds per wall second: {@code 10} makes a 100 ms prefill take 10 ms and
 *     a 40 ms network delay take 4 ms; {@link Double#POSITIVE_INFINITY} makes model time and
 *     network delays zero (responses as fast as the server can write them)
 * @param seed seeds the generated text
 * @param modelName served model name ({@code /v1/models}, the {@code model_name} metric label)
 * @param contextLength context window in tokens; longer requests get a 400
 * @param maxQueued waiting requests beyond which new ones get a 503 "The request queue is full."
 *     ({@link Integer#MAX_VALUE}: unbounded, SGLang's default)
 * @param maxRunning overrides the profile's maximum running requests when positive
 * @param kvCapacityTokens overrides the profile's KV capacity when positive
 * @param cacheReport whether OpenAI responses report {@code prompt_tokens_details.cached_tokens}
 *     (SGLang's {@code --enable-cache-report})
 * @param host address to bind, {@code 127.0.0.1} by default
 */
public record EmulatorConfig(
    List<ReplicaSpec> replicas,
    String profile,
    double timeScale,
    long seed,
    String modelName,
    int contextLength,
    int maxQueued,
    int maxRunning,
    long kvCapacityTokens,
    boolean cacheReport,
    String host) {

  /** Validates the fields. */
  public EmulatorConfig {
    replicas = List.copyOf(replicas);
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(host, "host");
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("at least one replica is needed");
    }
    var names = new HashSet<String>();
    for (ReplicaSpec r : replicas) {
      if (!names.add(r.name())) {
        throw new IllegalArgumentException("duplicate replica name: " + r.name());
      }
    }
    if (!(timeScale > 0)) {
      throw new IllegalArgumentException("timeScale must be > 0, was " + timeScale);
    }
    if (contextLength <= 0 || maxQueued < 0) {
      throw new IllegalArgumentException("contextLength must be > 0 and maxQueued >= 0");
    }
  }

  /**
   * Starts a builder with the defaults: profile {@code h100-7b}, time scale 1, seed 0, model {@code
   * gorgo-emulated-7b}, context 32768 tokens, unbounded queue, cache report on, loopback.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link EmulatorConfig}; not thread-safe. */
  public static final class Builder {
    private final List<ReplicaSpec> replicas = new ArrayList<>();
    private String profile = "h100-7b";
    private double timeScale = 1.0;
    private long seed;
    private String modelName = "gorgo-emulated-7b";
    private int contextLength = 32_768;
    private int maxQueued = Integer.MAX_VALUE;
    private int maxRunning;
    private long kvCapacityTokens;
    private boolean cacheReport = true;
    private String host = "127.0.0.1";

    private Builder() {}

    /**
     * Adds a replica on an ephemeral port.
     *
     * @param name unique name
     * @param region region label
     * @param oneWayDelay network delay in each direction
     * @return this
     */
    public Builder replica(String name, String region, Duration oneWayDelay) {
      return replica(ReplicaSpec.of(name, region, oneWayDelay));
    }

    /**
     * Adds a replica.
     *
     * @param spec the replica
     * @return this
     */
    public Builder replica(ReplicaSpec spec) {
      replicas.add(Objects.requireNonNull(spec, "spec"));
      return this;
    }

    /**
     * Sets the engine profile.
     *
     * @param profile {@code h100-7b} or {@code a100-mistral7b}
     * @return this
     */
    public Builder profile(String profile) {
      this.profile = profile;
      return this;
    }

    /**
     * Sets the time scale.
     *
     * @param timeScale model seconds per wall second; infinity for zero model time
     * @return this
     */
    public Builder timeScale(double timeScale) {
      this.timeScale = timeScale;
      return this;
    }

    /**
     * Sets the seed of the generated text.
     *
     * @param seed the seed
     * @return this
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the served model name.
     *
     * @param modelName the name
     * @return this
     */
    public Builder modelName(String modelName) {
      this.modelName = modelName;
      return this;
    }

    /**
     * Sets the context window.
     *
     * @param tokens context length in tokens
     * @return this
     */
    public Builder contextLength(int tokens) {
      this.contextLength = tokens;
      return this;
    }

    /**
     * Bounds the waiting queue (SGLang's {@code --max-queued-requests}).
     *
     * @param maxQueued requests
     * @return this
     */
    public Builder maxQueued(int maxQueued) {
      this.maxQueued = maxQueued;
      return this;
    }

    /**
     * Overrides the profile's maximum running requests.
     *
     * @param maxRunning requests, positive
     * @return this
     */
    public Builder maxRunning(int maxRunning) {
      this.maxRunning = maxRunning;
      return this;
    }

    /**
     * Overrides the profile's KV capacity.
     *
     * @param tokens capacity in tokens, positive
     * @return this
     */
    public Builder kvCapacityTokens(long tokens) {
      this.kvCapacityTokens = tokens;
      return this;
    }

    /**
     * Turns the cached-token report of the OpenAI routes on or off.
     *
     * @param on whether to report
     * @return this
     */
    public Builder cacheReport(boolean on) {
      this.cacheReport = on;
      return this;
    }

    /**
     * Sets the address to bind.
     *
     * @param host host name or address
     * @return this
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a value is invalid
     */
    public EmulatorConfig build() {
      return new EmulatorConfig(
          replicas,
          profile,
          timeScale,
          seed,
          modelName,
          contextLength,
          maxQueued,
          maxRunning,
          kvCapacityTokens,
          cacheReport,
          host);
    }
  }
}
