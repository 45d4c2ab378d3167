package dev.gorgo.lambda.cluster;

import dev.gorgo.lambda.FirewallRule;
import dev.gorgo.lambda.Instance;
import dev.gorgo.lambda.LambdaClient;
import dev.gorgo.lambda.LambdaException;
import dev.gorgo.lambda.TimeSource;
import dev.gorgo.lambda.internal.Json;
import dev.gorgo.lambda.internal.Remote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Provisions and runs a GORGO cluster on Lambda Cloud: one GPU instance per region, SGLang in
 * Docker on each, and the GORGO proxy beside it, every proxy knowing every replica.
 *
 * <p><b>Life cycle.</b> {@link #up} picks regions that have capacity for the instance type
 * (preferred regions first), launches one node per region (paced by the client), waits until all
 * are active, and adds firewall rules to the global ruleset: SSH and the proxy port from the client
 * CIDR, and the SGLang port from each node's own address only, so replicas are reachable by the
 * proxies but not by the world. {@link #setup} runs the idempotent {@link SetupPlan} on every node
 * in parallel over SSH. {@link #restartProxy}, {@link #flushCache} and the trace commands reach the
 * proxy's management endpoints over SSH on the node's loopback, so they need no admin token and no
 * open management port. {@link #down} terminates the nodes, removes exactly the firewall rules
 * {@code up} added, and deletes the state.
 *
 * <p><b>State.</b> A {@link ClusterState} JSON file per cluster ({@link ClusterStore}), saved after
 * every change, so an interrupted {@code up} resumes where it stopped: nodes already recorded are
 * not launched again.
 *
 * <p><b>Dry run.</b> With {@code dryRun}, reads of the API still happen (region choice needs them),
 * but every mutating API call, remote command and upload is printed instead of performed; secrets
 * are never printed.
 *
 * <p><b>Threads.</b> Not thread-safe: one operation at a time per instance. {@code setup} uses one
 * worker thread per node internally.
 */
public final class ClusterManager {
  private static final String DRY = "[dry-run] ";

  private final @Nullable LambdaClient api;
  private final ClusterStore store;
  private final Options options;
  private final Provisioner provisioner;
  private final NodeRunner runner;

  /**
   * Creates a manager.
   *
   * @param api the API client; may be null for commands that only use SSH ({@code setup}, {@code
   *     restart-proxy}, {@code flush-cache}, {@code trace})
   * @param store where cluster state lives
   * @param options behaviour switches
   */
  public ClusterManager(@Nullable LambdaClient api, ClusterStore store, Options options) {
    this.api = api;
    this.store = Objects.requireNonNull(store);
    this.options = Objects.requireNonNull(options);
    this.provisioner = new Provisioner(store, options);
    this.runner = new NodeRunner(store, options);
  }

  /**
   * Behaviour switches.
   *
   * @param dryRun print mutating calls and remote commands instead of performing them
   * @param out receives progress lines (and the dry-run plan); called from worker threads
   * @param time clock and sleeper for polling
   * @param pollInterval how often to poll instance status while waiting
   * @param activeTimeout how long to wait for instances to become active
   * @param serveTimeout how long to wait for SGLang to serve (model download included)
   * @param hfToken a Hugging Face token for gated models, or null; written to the node with mode
   *     0600, never printed
   */
  public record Options(
      boolean dryRun,
      Consumer<String> out,
      TimeSource time,
      Duration pollInterval,
      Duration activeTimeout,
      Duration serveTimeout,
      @Nullable String hfToken) {

    /** Checks required fields. */
    public Options {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(activeTimeout, "activeTimeout");
      Objects.requireNonNull(serveTimeout, "serveTimeout");
    }

    /**
     * Defaults: poll every 10 s, 20 min to become active, 30 min to serve.
     *
     * @param dryRun whether to only print
     * @param out progress sink
     * @return the options
     */
    public static Options defaults(boolean dryRun, Consumer<String> out) {
      return new Options(
          dryRun,
          out,
          TimeSource.system(),
          Duration.ofSeconds(10),
          Duration.ofMinutes(20),
          Duration.ofMinutes(30),
          null);
    }

    /**
     * A copy with a Hugging Face token.
     *
     * @param token the token, or null
     * @return the copy
     */
    public Options withHfToken(@Nullable String token) {
      return new Options(dryRun, out, time, pollInterval, activeTimeout, serveTimeout, token);
    }
  }

  /**
   * What {@code setup} did on one node.
   *
   * @param node the node name
   * @param changed steps that ran an action or upload
   * @param unchanged steps whose check said "already done"
   */
  public record NodeReport(String node, List<String> changed, List<String> unchanged) {}

  // ---------------------------------------------------------------- up

  /**
   * Launches the cluster, or completes a partially launched one.
   *
   * @param spec the desired cluster
   * @return the saved state
   * @throws IOException if the state or key file cannot be written
   * @throws LambdaException if an API call fails
   * @throws ClusterException if there is not enough capacity or an instance fails to start
   */
  public ClusterState up(ClusterSpec spec) throws IOException {
    LambdaClient client = requireApi();
    ClusterState state = store.load(spec.name()).map(s -> s.withSpec(spec)).orElse(null);
    if (state == null) {
      state =
          new ClusterState(
              spec, provisioner.ensureKey(client, spec).toString(), List.of(), List.of());
    }
    save(state);
    state = provisioner.launchMissing(client, state);
    state = provisioner.waitActive(client, state);
    state = provisioner.openFirewall(client, state);
    out("cluster " + spec.name() + " is up: " + state.nodes().size() + " node(s)");
    return state;
  }

  // ---------------------------------------------------------------- status

  /**
   * Reports each node's instance status and whether SGLang and the proxy answer.
   *
   * @param name the cluster name
   * @return one entry per node, in launch order
   * @throws IOException if the state cannot be read
   */
  public List<NodeStatus> status(String name) throws IOException {
    ClusterState state = load(name);
    Map<String, String> apiStatus = Map.of();
    if (api != null) {
      apiStatus =
          api.listInstances().stream()
              .collect(Collectors.toMap(Instance::id, i -> i.status().wireName(), (a, b) -> a));
    }
    String probe =
        "printf '%s %s\\n' \"$(curl -s -o /dev/null -w '%{http_code}' --max-time 5"
            + " http://127.0.0.1:"
            + state.spec().sglangPort()
            + "/v1/models)\" \"$(curl -s -o /dev/null -w '%{http_code}' --max-time 5"
            + " http://127.0.0.1:"
            + state.spec().proxyPort()
            + "/health)\"";
    List<NodeStatus> result = new ArrayList<>();
    for (ClusterState.Node n : state.nodes()) {
      String inst = api == null ? "unknown" : apiStatus.getOrDefault(n.instanceId(), "missing");
      String sglang = "unreachable";
      String proxy = "unreachable";
      if (options.dryRun()) {
        runner.printRemote(state, n, probe);
      } else if (n.ip() != null) {
        try (Remote r = runner.connect(state, n)) {
          String[] codes = r.exec(probe, null, 30_000).stdout().strip().split("\\s+");
          sglang = codes.length > 0 ? httpOrDown(codes[0]) : "down";
          proxy = codes.length > 1 ? httpOrDown(codes[1]) : "down";
        } catch (IOException e) {
          // Reported as unreachable.
        }
      }
      result.add(new NodeStatus(n, inst, sglang, proxy));
    }
    return result;
  }

  private static String httpOrDown(String code) {
    return code.isEmpty() || code.equals("000") ? "down" : code;
  }

  // ---------------------------------------------------------------- setup

  /**
   * Brings every node to the desired state over SSH (see {@link SetupPlan}); idempotent.
   *
   * @param name the cluster name
   * @param proxyJar the runnable GORGO jar to upload and start as the proxy
   * @return what changed on each node
   * @throws IOException if the state or the jar cannot be read
   * @throws ClusterException naming the first failed node and step
   */
  public List<NodeReport> setup(String name, Path proxyJar) throws IOException {
    ClusterState state = load(name);
    byte[] jar = Files.readAllBytes(proxyJar);
    return runner.onEveryNode(
        state,
        n -> SetupPlan.full(state, n, jar, options.hfToken(), options.serveTimeout().toMillis()));
  }

  /**
   * Restarts the proxy on every node with another routing policy (saved in the state).
   *
   * @param name the cluster name
   * @param policy the policy name, for example {@code least-load}
   * @param proxyJar the proxy jar (re-uploaded only if it changed)
   * @return what changed on each node
   * @throws IOException if the state or the jar cannot be read or written
   */
  public List<NodeReport> restartProxy(String name, String policy, Path proxyJar)
      throws IOException {
    ClusterState state = load(name);
    ClusterState updated = state.withSpec(state.spec().withPolicy(policy));
    byte[] jar = Files.readAllBytes(proxyJar);
    if (!options.dryRun()) {
      save(updated);
    }
    return runner.onEveryNode(updated, n -> SetupPlan.proxy(updated, n, jar));
  }

  /**
   * The proxy configuration {@code setup} writes to a node: the proxy's JSON format, centralized
   * mode, every node's SGLang as a backend (the node's own over loopback), the policy and the
   * capacity gate ({@code maxRunningRequests}).
   *
   * @param state the cluster state (nodes need their IPs)
   * @param node the node the configuration is for
   * @return the configuration as pretty-printed JSON
   */
  public static String proxyConfig(ClusterState state, ClusterState.Node node) {
    return new String(SetupPlan.proxyConfig(state, node), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- flush, trace

  /**
   * Empties SGLang's radix cache and the proxy's prefix trie on every node. SGLang refuses while
   * requests run (HTTP 400); that refusal is reported, not hidden.
   *
   * @param name the cluster name
   * @return one line per node describing the outcome
   * @throws IOException if the state cannot be read
   */
  public List<String> flushCache(String name) throws IOException {
    ClusterState state = load(name);
    String cmd =
        "printf 'sglang=%s proxy=%s\\n' \"$(curl -s -o /dev/null -w '%{http_code}' --max-time 30"
            + " -X POST http://127.0.0.1:"
            + state.spec().sglangPort()
            + "/flush_cache)\" \"$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST"
            + " http://127.0.0.1:"
            + state.spec().proxyPort()
            + "/proxy/cache/clear)\"";
    List<String> lines = new ArrayList<>();
    for (ClusterState.Node n : state.nodes()) {
      String out = runner.simple(state, n, cmd);
      lines.add(n.name() + ": " + (out == null ? "planned" : out.strip()));
    }
    return lines;
  }

  /**
   * Starts a trace session on every proxy ({@code POST /proxy/trace/start}).
   *
   * @param name the cluster name
   * @throws IOException if the state cannot be read
   */
  public void traceStart(String name) throws IOException {
    ClusterState state = load(name);
    for (ClusterState.Node n : state.nodes()) {
      runner.simple(state, n, curlPost(state, "/proxy/trace/start"));
      out(n.name() + ": trace started");
    }
  }

  /**
   * Stops the trace sessions and saves each proxy's Chrome trace-event JSON as {@code
   * <dir>/traces_<yyyyMMdd_HHmmss>/<node>_trace.json}.
   *
   * @param name the cluster name
   * @param dir the output directory
   * @return the files written (empty in a dry run)
   * @throws IOException if the state cannot be read or a file cannot be written
   */
  public List<Path> traceStop(String name, Path dir) throws IOException {
    ClusterState state = load(name);
    Path outDir =
        dir.resolve(
            "traces_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")));
    List<Path> files = new ArrayList<>();
    for (ClusterState.Node n : state.nodes()) {
      String body = runner.simple(state, n, curlPost(state, "/proxy/trace/stop"));
      if (body == null) {
        continue;
      }
      try {
        Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new ClusterException(n.name() + ": the proxy's trace is not JSON");
      }
      Files.createDirectories(outDir);
      Path f = outDir.resolve(n.name() + "_trace.json");
      Files.writeString(f, body, StandardCharsets.UTF_8);
      files.add(f);
      out(n.name() + ": trace saved to " + f);
    }
    return files;
  }

  private static String curlPost(ClusterState state, String path) {
    return "curl -sf --max-time 120 -X POST http://127.0.0.1:" + state.spec().proxyPort() + path;
  }

  // ---------------------------------------------------------------- down

  /**
   * Terminates every node, removes the firewall rules {@code up} added, and deletes the state. The
   * SSH key stays registered and on disk for the next cluster.
   *
   * @param name the cluster name
   * @throws IOException if the state cannot be read or deleted
   */
  public void down(String name) throws IOException {
    LambdaClient client = requireApi();
    ClusterState state = load(name);
    List<String> ids = state.nodes().stream().map(ClusterState.Node::instanceId).toList();
    if (!state.firewallRules().isEmpty()) {
      List<FirewallRule> kept = new ArrayList<>(client.globalFirewallRuleset().rules());
      kept.removeAll(state.firewallRules());
      if (options.dryRun()) {
        out(DRY + "api PATCH /api/v1/firewall-rulesets/global " + json(Map.of("rules", kept)));
      } else {
        client.updateGlobalFirewallRuleset(kept);
        save(state.withFirewallRules(List.of()));
        out("removed " + state.firewallRules().size() + " firewall rule(s)");
      }
    }
    if (!ids.isEmpty()) {
      if (options.dryRun()) {
        out(
            DRY
                + "api POST /api/v1/instance-operations/terminate "
                + json(Map.of("instance_ids", ids)));
      } else {
        try {
          client.terminate(ids);
        } catch (LambdaException.NotFound e) {
          out("some instances were already gone");
        }
        out("terminated " + ids.size() + " instance(s)");
      }
    }
    if (options.dryRun()) {
      out(DRY + "delete " + store.stateFile(name));
    } else {
      store.delete(name);
    }
  }

  // ---------------------------------------------------------------- helpers

  private LambdaClient requireApi() {
    if (api == null) {
      throw new ClusterException("this command needs the Lambda API key (LAMBDA_API_KEY)");
    }
    return api;
  }

  private ClusterState load(String name) throws IOException {
    return store
        .load(name)
        .orElseThrow(
            () ->
                new ClusterException(
                    "no cluster '" + name + "' (no state at " + store.stateFile(name) + ")"));
  }

  private void save(ClusterState state) throws IOException {
    if (!options.dryRun()) {
      store.save(state);
    }
  }

  private void out(String line) {
    options.out().accept(line);
  }

  private static String json(Object o) {
    try {
      return Json.MAPPER.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
