package dev.gorgo.proxy.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The proxy's whole configuration: where it listens, which replicas it routes to, with which
 * policy, and how it bounds queues, bodies and waits.
 *
 * <p>Values are immutable and already validated: build one with {@link #builder()} (programmatic
 * use, e.g. the demo) or load one with {@link ConfigLoader} (a YAML or JSON file, overridden by
 * environment variables and command-line flags). Both paths run the same {@link
 * ConfigLoader#validate validation}, so a bad value always fails at start with a message that names
 * the offending key.
 *
 * <p>The admin token is never part of the file: it is read from an environment variable or a file
 * and held as a {@link Secret} whose {@code toString()} does not reveal it.
 *
 * @param listen where the HTTP server binds
 * @param mode centralized (one proxy, all replicas) or distributed (one proxy per replica)
 * @param localId distributed mode: the id of the backend beside this proxy; {@code null} otherwise
 * @param backends the SGLang replicas; may be empty (all requests get 503 until backends are added
 *     at runtime through {@code POST /proxy/servers})
 * @param peers distributed mode: the peer proxies, by the id of the backend each sits beside
 * @param policy routing policy name and parameters
 * @param queue admission queue bounds
 * @param timeouts upstream timeouts
 * @param maxBodyBytes largest accepted request body, in bytes
 * @param admin where the admin token comes from, and the token itself
 * @param polling background polling periods
 * @param keyer how prompts become trie symbols: {@code blocks} (hashed 16-character blocks) or
 *     {@code chars}
 * @param requestLogSize how many finished requests the CSV export keeps (ring buffer); 0 disables
 * @param capacityFromServer take each replica's capacity gate from its {@code /get_server_info}
 *     ({@code max_running_requests}) instead of {@code maxRunning}; off by default, because the
 *     original gated at 10 running per replica so that queueing happens in the router, where the
 *     policy can still choose
 */
public record ProxyConfig(
    Listen listen,
    Mode mode,
    String localId,
    List<Backend> backends,
    List<Peer> peers,
    PolicySpec policy,
    Queue queue,
    Timeouts timeouts,
    long maxBodyBytes,
    Admin admin,
    Polling polling,
    String keyer,
    int requestLogSize,
    boolean capacityFromServer) {

  /** Default body limit: 16 MiB (a 128K-token chat history is ~0.5 MiB of text). */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;

  /** Canonical constructor: copies the lists; validation lives in {@link ConfigLoader}. */
  public ProxyConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(mode, "mode");
    backends = List.copyOf(backends);
    peers = List.copyOf(peers);
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(polling, "polling");
    Objects.requireNonNull(keyer, "keyer");
  }

  /** Deployment mode. */
  public enum Mode {
    /** One proxy in front of every replica (the paper's GORGO-proxy). */
    CENTRALIZED,
    /** One proxy beside each replica; requests stay local unless a peer is cheaper (1 hop). */
    DISTRIBUTED
  }

  /**
   * Listen address.
   *
   * @param host interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port TCP port; 0 picks a free one (see {@code ProxyServer.port()})
   */
  public record Listen(String host, int port) {}

  /**
   * One SGLang replica.
   *
   * @param id stable identifier used in metrics, CSV columns and management calls
   * @param url base URL, e.g. {@code http://10.0.0.5:30000}
   * @param region region label (free text, e.g. {@code us-east})
   * @param maxRunning capacity gate: requests running at once before the router stops sending
   */
  public record Backend(String id, URI url, String region, int maxRunning) {}

  /**
   * A peer proxy in distributed mode.
   *
   * @param id the id of the backend that peer proxy sits beside
   * @param url the peer proxy's base URL
   */
  public record Peer(String id, URI url) {}

  /**
   * Routing policy by name, with its parameters as text (typed by the policy's declaration).
   *
   * @param name e.g. {@code gorgo}, {@code least-load}
   * @param parameters e.g. {@code t_p -> 0.094}
   */
  public record PolicySpec(String name, Map<String, String> parameters) {
    /** Copies the parameters, keeping their order. */
    public PolicySpec {
      Objects.requireNonNull(name, "name");
      parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
  }

  /**
   * Admission queue.
   *
   * @param maxQueued requests that may wait for capacity; beyond that, 429
   * @param timeout how long one may wait; beyond that, 504
   */
  public record Queue(int maxQueued, Duration timeout) {}

  /**
   * Upstream timeouts. There is deliberately no total deadline: a stream lives as long as it keeps
   * producing (the original's 60 s client timeout cut long streams).
   *
   * @param connect TCP connect to a replica
   * @param idle longest silence from the replica, before its answer starts (prefill, queueing at
   *     the replica) and between two stream events
   */
  public record Timeouts(Duration connect, Duration idle) {}

  /**
   * Where the admin token comes from.
   *
   * @param tokenEnv name of the environment variable holding the token
   * @param tokenFile file holding the token (first line), or {@code null}
   * @param token the resolved token, {@link Secret#NONE} when none is configured
   */
  public record Admin(String tokenEnv, Path tokenFile, Secret token) {}

  /**
   * Background polling of the replicas.
   *
   * @param metricsInterval {@code /metrics} poll period (default 500 ms)
   * @param rttInterval RTT probe period (default 100 ms)
   * @param timeout timeout of each poll and probe (default 500 ms); three failed probes in a row
   *     make a replica unhealthy, so raise it for replicas on a congested network or host
   */
  public record Polling(Duration metricsInterval, Duration rttInterval, Duration timeout) {}

  /** Returns a builder holding the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder initialised from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = listen.host();
    b.port = listen.port();
    b.mode = mode;
    b.localId = localId;
    b.backends.addAll(backends);
    b.peers.addAll(peers);
    b.policyName = policy.name();
    b.policyParameters.putAll(policy.parameters());
    b.maxQueued = queue.maxQueued();
    b.queueTimeout = queue.timeout();
    b.connectTimeout = timeouts.connect();
    b.idleTimeout = timeouts.idle();
    b.maxBodyBytes = maxBodyBytes;
    b.admin = admin;
    b.metricsInterval = polling.metricsInterval();
    b.rttInterval = polling.rttInterval();
    b.pollTimeout = polling.timeout();
    b.keyer = keyer;
    b.requestLogSize = requestLogSize;
    b.capacityFromServer = capacityFromServer;
    return b;
  }

  /** Builder with the defaults of the original system (DESIGN §10). Not thread-safe. */
  public static final class Builder {
    String host = "127.0.0.1";
    int port = 8000;
    Mode mode = Mode.CENTRALIZED;
    String localId;
    final List<Backend> backends = new ArrayList<>();
    final List<Peer> peers = new ArrayList<>();
    String policyName = "gorgo";
    final Map<String, String> policyParameters = new LinkedHashMap<>();
    int maxQueued = 10_000;
    Duration queueTimeout = Duration.ofSeconds(60);
    Duration connectTimeout = Duration.ofSeconds(2);
    Duration idleTimeout = Duration.ofSeconds(120);
    long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    Admin admin = new Admin(ConfigLoader.DEFAULT_TOKEN_ENV, null, Secret.NONE);
    Duration metricsInterval = Duration.ofMillis(500);
    Duration rttInterval = Duration.ofMillis(100);
    Duration pollTimeout = Duration.ofMillis(500);
    String keyer = "blocks";
    int requestLogSize = 10_000;
    boolean capacityFromServer;

    Builder() {}

    /** Sets the listen address; port 0 picks a free port. */
    public Builder listen(String host, int port) {
      this.host = host;
      this.port = port;
      return this;
    }

    /** Adds a backend with the default capacity gate (10 running). */
    public Builder backend(String id, URI url, String region) {
      return backend(new Backend(id, url, region, dev.gorgo.api.Endpoint.DEFAULT_MAX_RUNNING));
    }

    /** Adds a backend. */
    public Builder backend(Backend backend) {
      backends.add(backend);
      return this;
    }

    /** Replaces all backends. */
    public Builder backends(List<Backend> list) {
      backends.clear();
      backends.addAll(list);
      return this;
    }

    /** Selects the routing policy and its parameters. */
    public Builder policy(String name, Map<String, String> parameters) {
      this.policyName = name;
      this.policyParameters.clear();
      this.policyParameters.putAll(parameters);
      return this;
    }

    /** Admission queue bounds. */
    public Builder queue(int maxQueued, Duration timeout) {
      this.maxQueued = maxQueued;
      this.queueTimeout = timeout;
      return this;
    }

    /** Upstream timeouts. */
    public Builder timeouts(Duration connect, Duration idle) {
      this.connectTimeout = connect;
      this.idleTimeout = idle;
      return this;
    }

    /** Largest accepted request body in bytes. */
    public Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /** Sets the admin token directly (programmatic use; files and env are the other ways). */
    public Builder adminToken(Secret token) {
      this.admin = new Admin(admin.tokenEnv(), admin.tokenFile(), Objects.requireNonNull(token));
      return this;
    }

    /** Distributed mode: this proxy sits beside {@code localId}; peers by backend id. */
    public Builder distributed(String localId, List<Peer> peers) {
      this.mode = Mode.DISTRIBUTED;
      this.localId = localId;
      this.peers.clear();
      this.peers.addAll(peers);
      return this;
    }

    /** Polling periods. */
    public Builder polling(Duration metricsInterval, Duration rttInterval) {
      this.metricsInterval = metricsInterval;
      this.rttInterval = rttInterval;
      return this;
    }

    /** Prompt keyer: {@code blocks} or {@code chars}. */
    public Builder keyer(String keyer) {
      this.keyer = keyer;
      return this;
    }

    /** Finished requests kept for the CSV export; 0 disables recording. */
    public Builder requestLogSize(int size) {
      this.requestLogSize = size;
      return this;
    }

    /** Whether replicas' own {@code max_running_requests} replace {@code maxRunning}. */
    public Builder capacityFromServer(boolean fromServer) {
      this.capacityFromServer = fromServer;
      return this;
    }

    /**
     * Builds and validates.
     *
     * @throws ConfigException listing every problem found
     */
    public ProxyConfig build() {
      ProxyConfig c =
          new ProxyConfig(
              new Listen(host, port),
              mode,
              localId,
              backends,
              peers,
              new PolicySpec(policyName, policyParameters),
              new Queue(maxQueued, queueTimeout),
              new Timeouts(connectTimeout, idleTimeout),
              maxBodyBytes,
              admin,
              new Polling(metricsInterval, rttInterval, pollTimeout),
              keyer,
              requestLogSize,
              capacityFromServer);
      ConfigLoader.validate(c);
      return c;
    }
  }
}
