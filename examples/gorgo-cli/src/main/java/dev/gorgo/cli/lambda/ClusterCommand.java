package dev.gorgo.cli.lambda;

import dev.gorgo.cli.lambda.CliSupport.ApiOptions;
import dev.gorgo.cli.lambda.CliSupport.Group;
import dev.gorgo.cli.lambda.CliSupport.Leaf;
import dev.gorgo.lambda.LambdaClient;
import dev.gorgo.lambda.cluster.ClusterManager;
import dev.gorgo.lambda.cluster.ClusterSpec;
import dev.gorgo.lambda.cluster.ClusterState;
import dev.gorgo.lambda.cluster.ClusterStore;
import dev.gorgo.lambda.cluster.NodeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gorgo cluster ...}: a GORGO cluster of SGLang replicas on Lambda Cloud, one per region.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description =
        "Provision and run a multi-region GORGO cluster on Lambda Cloud: SGLang in Docker and the"
            + " GORGO proxy on every node.",
    subcommands = {
      ClusterCommand.Up.class,
      ClusterCommand.Status.class,
      ClusterCommand.Setup.class,
      ClusterCommand.RestartProxy.class,
      ClusterCommand.FlushCache.class,
      ClusterCommand.Trace.class,
      ClusterCommand.Down.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  gorgo cluster up --type gpu_1x_a10 --regions 3 --dry-run",
      "  gorgo cluster up --type gpu_1x_a10 --regions 3",
      "  gorgo cluster setup                  # SGLang + proxy on every node; safe to rerun",
      "  gorgo cluster status",
      "  gorgo cluster restart-proxy --policy least-load",
      "  gorgo cluster trace start; ...; gorgo cluster trace stop --out traces",
      "  gorgo cluster down --yes",
      CliSupport.EXIT_CODES
    })
public final class ClusterCommand extends Group {
  /** Options shared by every cluster command. */
  static final class ClusterOptions {
    @Option(
        names = "--name",
        defaultValue = "gorgo",
        description = "Cluster name (default ${DEFAULT-VALUE}).")
    String name;

    @Option(
        names = "--dry-run",
        description = "Print every API call and remote command instead of running it.")
    boolean dryRun;

    @Option(
        names = "--config-dir",
        paramLabel = "DIR",
        description = "State directory (default $XDG_CONFIG_HOME/gorgo or ~/.config/gorgo).")
    Path configDir;

    ClusterStore store() {
      return configDir != null
          ? new ClusterStore(configDir)
          : ClusterStore.standard(System.getenv(), Path.of(System.getProperty("user.home")));
    }
  }

  /** A cluster leaf: builds the manager, with or without the API client. */
  abstract static class ClusterLeaf extends Leaf {
    @Mixin ClusterOptions cluster;
    @Mixin ApiOptions api;

    String hfToken() throws IOException {
      return System.getenv("HF_TOKEN");
    }

    <T> T withManager(boolean needsApi, ManagerCall<T> call) throws Exception {
      LambdaClient client = null;
      if (needsApi || api.key().isPresent()) {
        client = api.client();
      }
      try {
        ClusterManager.Options o =
            ClusterManager.Options.defaults(
                    cluster.dryRun,
                    line -> {
                      out().println(line);
                      out().flush();
                    })
                .withHfToken(hfToken());
        return call.apply(new ClusterManager(client, cluster.store(), o));
      } finally {
        if (client != null) {
          client.close();
        }
      }
    }

    /** Like {@link #withManager} for a call that returns nothing. */
    void runManager(boolean needsApi, ManagerAction action) throws Exception {
      withManager(
          needsApi,
          m -> {
            action.run(m);
            return null;
          });
    }

    interface ManagerCall<T> {
      T apply(ClusterManager m) throws Exception;
    }

    interface ManagerAction {
      void run(ClusterManager m) throws Exception;
    }

    static Path defaultJar(Path given) {
      if (given != null) {
        return given;
      }
      try {
        Path self =
            Path.of(
                ClusterCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
          return self;
        }
      } catch (Exception e) {
        // Fall through to the error below.
      }
      throw new IllegalArgumentException(
          "pass --jar with the runnable gorgo jar to deploy as the proxy");
    }
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description =
          "Launch one node per region where the type has capacity, wait until active, open ports"
              + " 22 and the proxy port (from --client-cidr) and the SGLang port (between nodes).")
  static final class Up extends ClusterLeaf {
    @Option(names = "--type", required = true, description = "Instance type, e.g. gpu_1x_a10.")
    String type;

    @Option(
        names = "--regions",
        defaultValue = "3",
        description = "Number of regions/nodes (default ${DEFAULT-VALUE}).")
    int regions;

    @Option(
        names = "--region",
        paramLabel = "REGION",
        description = "Preferred region (repeatable), tried first.")
    List<String> preferred = List.of();

    @Option(
        names = "--ssh-key",
        description = "SSH key name (default gorgo-<name>; generated if missing).")
    String sshKey;

    @Option(
        names = "--client-cidr",
        defaultValue = "0.0.0.0/0",
        description = "Who may reach SSH and the proxy (default ${DEFAULT-VALUE}).")
    String clientCidr;

    @Option(
        names = "--model",
        defaultValue = ClusterSpec.DEFAULT_MODEL,
        description = "Model SGLang serves (default ${DEFAULT-VALUE}).")
    String model;

    @Option(
        names = "--max-running-requests",
        defaultValue = "10",
        description = "SGLang --max-running-requests (default ${DEFAULT-VALUE}).")
    int maxRunning;

    @Option(
        names = "--tp",
        defaultValue = "1",
        description = "SGLang tensor parallelism (default ${DEFAULT-VALUE}).")
    int tp;

    @Option(
        names = "--sglang-image",
        defaultValue = "lmsysorg/sglang:latest",
        description = "SGLang image; pin a tag (default ${DEFAULT-VALUE}).")
    String image;

    @Option(
        names = "--policy",
        defaultValue = "gorgo",
        description = "Initial routing policy (default ${DEFAULT-VALUE}).")
    String policy;

    @Override
    int run() throws Exception {
      ClusterSpec spec =
          ClusterSpec.defaults(cluster.name, type, regions)
              .withSglang(model, maxRunning, tp, image)
              .withPolicy(policy);
      spec = spec.withPlacement(preferred, sshKey == null ? spec.sshKeyName() : sshKey, clientCidr);
      ClusterSpec s = spec;
      ClusterState state = withManager(true, m -> m.up(s));
      out().println("state: " + cluster.store().stateFile(state.spec().name()));
      return CliSupport.OK;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Instance status and whether SGLang and the proxy answer, per node.")
  static final class Status extends ClusterLeaf {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    int run() throws Exception {
      List<NodeStatus> status = withManager(false, m -> m.status(cluster.name));
      if (json || !cluster.dryRun) {
        print(
            status,
            json,
            s ->
                new Object[] {
                  s.node().name(),
                  s.node().region(),
                  s.node().ip(),
                  s.instanceStatus(),
                  s.sglang(),
                  s.proxy()
                },
            "NODE",
            "REGION",
            "IP",
            "INSTANCE",
            "SGLANG",
            "PROXY");
      }
      return status.stream().allMatch(NodeStatus::healthy) || cluster.dryRun
          ? CliSupport.OK
          : CliSupport.FAILED;
    }
  }

  @Command(
      name = "setup",
      mixinStandardHelpOptions = true,
      description =
          "Over SSH on every node: start Docker, run SGLang (metrics on, the model, max running"
              + " requests), wait until it serves, install Java, upload and start the proxy. Safe to rerun.")
  static final class Setup extends ClusterLeaf {
    @Option(names = "--jar", description = "Runnable gorgo jar to deploy (default: this jar).")
    Path jar;

    @Option(
        names = "--hf-token-file",
        description = "Hugging Face token for gated models (default: $HF_TOKEN).")
    Path hfTokenFile;

    @Override
    String hfToken() throws IOException {
      return hfTokenFile != null ? Files.readString(hfTokenFile).strip() : super.hfToken();
    }

    @Override
    int run() throws Exception {
      Path j = defaultJar(jar);
      List<ClusterManager.NodeReport> r = withManager(false, m -> m.setup(cluster.name, j));
      for (ClusterManager.NodeReport n : r) {
        out().println(n.node() + ": changed " + n.changed() + ", unchanged " + n.unchanged());
      }
      return CliSupport.OK;
    }
  }

  @Command(
      name = "restart-proxy",
      mixinStandardHelpOptions = true,
      description = "Restart every proxy with a routing policy.")
  static final class RestartProxy extends ClusterLeaf {
    @Option(
        names = "--policy",
        required = true,
        description = "gorgo, least-load, prefix-tree, cache-aware, ...")
    String policy;

    @Option(names = "--jar", description = "Runnable gorgo jar (default: this jar).")
    Path jar;

    @Override
    int run() throws Exception {
      Path j = defaultJar(jar);
      withManager(false, m -> m.restartProxy(cluster.name, policy, j));
      out().println("proxies restarted with policy " + policy);
      return CliSupport.OK;
    }
  }

  @Command(
      name = "flush-cache",
      mixinStandardHelpOptions = true,
      description = "Empty SGLang's radix cache and the proxy's prefix trie on every node.")
  static final class FlushCache extends ClusterLeaf {
    @Override
    int run() throws Exception {
      List<String> lines = withManager(false, m -> m.flushCache(cluster.name));
      lines.forEach(out()::println);
      boolean refused =
          lines.stream().anyMatch(l -> l.contains("=") && !l.matches(".*sglang=200 proxy=200$"));
      return refused ? CliSupport.FAILED : CliSupport.OK;
    }
  }

  @Command(
      name = "trace",
      mixinStandardHelpOptions = true,
      description = "Collect Chrome trace-event JSON (Perfetto) from every proxy.",
      subcommands = {ClusterCommand.TraceStart.class, ClusterCommand.TraceStop.class})
  static final class Trace extends Group {}

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Start tracing on every proxy.")
  static final class TraceStart extends ClusterLeaf {
    @Override
    int run() throws Exception {
      runManager(false, m -> m.traceStart(cluster.name));
      return CliSupport.OK;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop tracing and save <out>/traces_<time>/<node>_trace.json.")
  static final class TraceStop extends ClusterLeaf {
    @Option(
        names = "--out",
        defaultValue = "traces",
        description = "Output directory (default ${DEFAULT-VALUE}).")
    Path outDir;

    @Override
    int run() throws Exception {
      withManager(false, m -> m.traceStop(cluster.name, outDir));
      return CliSupport.OK;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description =
          "Terminate every node, remove the firewall rules 'up' added, forget the cluster (needs --yes).")
  static final class Down extends ClusterLeaf {
    @Option(names = "--yes", description = "Confirm termination.")
    boolean yes;

    @Override
    int run() throws Exception {
      if (!yes && !cluster.dryRun) {
        throw new IllegalArgumentException(
            "'down' terminates every node of '" + cluster.name + "'; add --yes to confirm");
      }
      runManager(true, m -> m.down(cluster.name));
      return CliSupport.OK;
    }
  }
}
