package dev.gorgo.cli.proxy;

import dev.gorgo.cli.ExitCodes;
import dev.gorgo.cli.Logging;
import dev.gorgo.cli.RunUntilStopped;
import dev.gorgo.cli.UsageException;
import dev.gorgo.proxy.ProxyServer;
import dev.gorgo.proxy.config.ConfigException;
import dev.gorgo.proxy.config.ConfigLoader;
import dev.gorgo.proxy.config.ProxyConfig;
import dev.gorgo.proxy.config.ProxyConfig.Backend;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gorgo proxy}: runs the routing proxy. The options are the proxy's own configuration flags
 * (one source of truth: {@link ConfigLoader} parses them, applies the environment and validates),
 * so a file, the environment and flags combine exactly as for the standalone proxy.
 */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the OpenAI-compatible GORGO routing proxy in front of SGLang replicas.",
      "Configuration: a YAML/JSON file (--config), then GORGO_PROXY_* environment variables, then"
          + " these flags, later ones winning; validated at start, every problem listed.",
      "Serves /v1/chat/completions, /v1/completions, /generate, /v1/models; management under"
          + " /proxy/* (admin token from GORGO_ADMIN_TOKEN or --admin-token-file; loopback only"
          + " without one); Prometheus metrics on /metrics.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./gorgo proxy --config proxy.yaml",
      "  ./gorgo proxy --listen 0.0.0.0:8000 --policy gorgo --param t_p=0.032 \\",
      "      --backend us-east-0=http://10.0.0.5:30000@us-east \\",
      "      --backend eu-0=http://10.1.0.7:30000@frankfurt",
      "  ./gorgo proxy --config proxy.yaml --policy least-load   # a flag overrides the file",
      "",
      "A minimal proxy.yaml:",
      "  listen: {host: 0.0.0.0, port: 8000}",
      "  policy: gorgo",
      "  backends:",
      "    - {id: us-east-0, url: \"http://10.0.0.5:30000\", region: us-east}",
      "    - {id: eu-0, url: \"http://10.1.0.7:30000\", region: frankfurt}"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped (Ctrl-C, SIGTERM or --duration)",
      "1:the server could not start (port taken, ...)",
      "2:invalid configuration (every problem is listed)"
    })
public final class ProxyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON configuration file.")
  Path config;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Address to listen on (default 127.0.0.1:8000).")
  String listen;

  @Option(names = "--host", description = "Interface to bind.")
  String host;

  @Option(names = "--port", description = "Port (0 = a free one).")
  Integer port;

  @Option(
      names = "--backend",
      paramLabel = "ID=URL@REGION",
      description = "An SGLang replica (repeatable; replaces the file's list).")
  List<String> backends = new ArrayList<>();

  @Option(
      names = "--policy",
      paramLabel = "NAME",
      completionCandidates = dev.gorgo.cli.PolicyNames.class,
      description =
          "Routing policy: gorgo (default), prefix-tree, least-load, cache-aware, round-robin,"
              + " random, power-of-two, session-affinity, nearest-region.")
  String policy;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description = "Policy parameter, e.g. t_p=0.094 or q_hat=0.5 (repeatable).")
  List<String> params = new ArrayList<>();

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description = "centralized (default) or distributed.")
  String mode;

  @Option(
      names = "--local-id",
      paramLabel = "ID",
      description = "Distributed mode: the backend beside this proxy.")
  String localId;

  @Option(
      names = "--peer",
      paramLabel = "ID=URL",
      description = "Distributed mode: a peer proxy (repeatable).")
  List<String> peers = new ArrayList<>();

  @Option(
      names = "--queue-size",
      paramLabel = "N",
      description = "Admission queue bound (default 10000).")
  Integer queueSize;

  @Option(
      names = "--queue-timeout",
      paramLabel = "DURATION",
      description = "Longest queue wait, e.g. 60s.")
  String queueTimeout;

  @Option(
      names = "--max-body",
      paramLabel = "SIZE",
      description = "Largest request body, e.g. 16MiB.")
  String maxBody;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description = "File holding the admin token.")
  Path adminTokenFile;

  @Option(
      names = "--keyer",
      paramLabel = "KEYER",
      description = "Prompt keyer: blocks (default) or chars.")
  String keyer;

  @Option(
      names = "--set",
      paramLabel = "PATH=VALUE",
      description = "Any configuration key, dotted (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--duration",
      paramLabel = "S",
      description = "Stop after S seconds (scripts and tests); default: run until stopped.")
  Double duration;

  /** The flags as the proxy's own loader reads them. */
  List<String> loaderArgs() {
    List<String> args = new ArrayList<>();
    BiConsumer<String, Object> add =
        (flag, value) -> {
          if (value != null) {
            args.add("--" + flag);
            args.add(value.toString());
          }
        };
    add.accept("config", config);
    add.accept("listen", listen);
    add.accept("host", host);
    add.accept("port", port);
    add.accept("mode", mode);
    add.accept("local-id", localId);
    add.accept("policy", policy);
    add.accept("queue-size", queueSize);
    add.accept("queue-timeout", queueTimeout);
    add.accept("max-body", maxBody);
    add.accept("admin-token-file", adminTokenFile);
    add.accept("keyer", keyer);
    params.forEach(p -> add.accept("param", p));
    backends.forEach(b -> add.accept("backend", b));
    peers.forEach(p -> add.accept("peer", p));
    sets.forEach(s -> add.accept("set", s));
    return args;
  }

  /** Loads and validates the configuration; problems become one usage error. */
  ProxyConfig load(Map<String, String> env) {
    try {
      return ConfigLoader.load(loaderArgs(), env);
    } catch (ConfigException e) {
      throw new UsageException("invalid configuration: " + String.join("; ", e.problems()), e);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    Logging.quietServers();
    ProxyConfig cfg = load(System.getenv());
    ProxyServer proxy;
    try {
      proxy = ProxyServer.start(cfg);
    } catch (ConfigException e) {
      throw new UsageException("invalid configuration: " + String.join("; ", e.problems()), e);
    } catch (UncheckedIOException e) {
      throw new IllegalStateException("cannot start the proxy: " + e.getMessage(), e);
    }
    RunUntilStopped running = RunUntilStopped.install(proxy, "gorgo-proxy-shutdown");
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "gorgo proxy listening on %s (policy %s, %s mode)%n",
        proxy.uri(), cfg.policy().name(), cfg.mode().name().toLowerCase(java.util.Locale.ROOT));
    for (Backend b : cfg.backends()) {
      out.printf("  backend %-14s %-12s %s%n", b.id(), b.region(), b.url());
    }
    out.println(
        "Try: curl -N "
            + proxy.uri()
            + "/v1/chat/completions -H 'Content-Type: application/json' -d"
            + " '{\"model\":\"default\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'");
    out.flush();
    running.await(duration);
    return ExitCodes.OK;
  }
}
