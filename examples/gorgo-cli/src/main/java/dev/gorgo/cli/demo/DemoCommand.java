package dev.gorgo.cli.demo;

import dev.gorgo.cli.ExitCodes;
import dev.gorgo.cli.Logging;
import dev.gorgo.cli.UsageException;
import dev.gorgo.cli.bench.LoadGenerator;
import dev.gorgo.cli.bench.LoadGenerator.Limits;
import dev.gorgo.cli.bench.LoadGenerator.Phase;
import dev.gorgo.cli.bench.Profile;
import dev.gorgo.cli.bench.Progress;
import dev.gorgo.cli.bench.RunResult;
import dev.gorgo.cli.bench.SimWorkloads;
import dev.gorgo.cli.bench.StreamingClient;
import dev.gorgo.cli.bench.StreamingClient.Options;
import dev.gorgo.cli.bench.StreamingClient.RequestType;
import dev.gorgo.cli.bench.Workload;
import dev.gorgo.emulator.EmulatedReplica;
import dev.gorgo.sim.topology.Topology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gorgo demo}: the one-command tour. Starts emulated replicas in three regions with the
 * round-trip times of a real deployment, starts the routing proxy in one of them, and replays one
 * workload through several policies in turn, clearing every cache in between, then compares them.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare routing policies on an emulated three-region cluster, on this machine, in about two"
          + " minutes: no GPU, no account, nothing to configure.",
      "Starts emulated SGLang replicas in us-east, frankfurt and seoul (round trips from us-east:"
          + " 2, 89 and 178 ms), the GORGO proxy in us-east, and replays the same multi-turn chat"
          + " workload through each policy in turn (caches flushed in between). Prints a table"
          + " and writes an HTML report.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./gorgo demo                          # about 2.5 minutes",
      "  ./gorgo demo --quick                  # under a minute, smaller",
      "  ./gorgo demo --trace mooncake-conversation.jsonl --requests 200",
      "  ./gorgo demo --policies gorgo,least-load --seconds 60"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the demo ran and wrote its report",
      "1:the cluster could not start, or no request succeeded",
      "2:usage error (bad option, unreadable trace)"
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--quick",
      description = "A smaller, shorter run (under a minute; used by tests).")
  boolean quick;

  @Option(
      names = "--trace",
      paramLabel = "FILE",
      description = "Replay a Mooncake-format trace instead of the synthetic chat workload.")
  Path trace;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description = "With --trace: how many requests from its start (default 240; quick 60).")
  Integer requests;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description =
          "Arrival window per policy in seconds (default 25; quick 6); a trace is compressed to fit.")
  Double seconds;

  @Option(
      names = "--sessions-per-second",
      paramLabel = "X",
      description = "Synthetic workload: new conversations per second (default 2; quick 2.5).")
  Double sessionsPerSecond;

  @Option(
      names = "--policies",
      paramLabel = "POLICY",
      split = ",",
      completionCandidates = dev.gorgo.cli.PolicyNames.class,
      defaultValue = "gorgo,prefix-tree,least-load,cache-aware",
      description = "Policies to compare, in order. Default: ${DEFAULT-VALUE}.")
  List<String> policies;

  @Option(
      names = "--topology",
      paramLabel = "NAME|FILE",
      defaultValue = "paper-v2",
      description =
          "Regions and round trips: paper-v2, paper-v1 or a JSON file. Default: ${DEFAULT-VALUE}.")
  String topology;

  @Option(
      names = "--replicas-per-region",
      paramLabel = "N",
      description = "Replicas per region (default 2; quick 1).")
  Integer perRegion;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      defaultValue = "a100-mistral7b",
      description =
          "Engine model of the replicas: a100-mistral7b or h100-7b. Default: ${DEFAULT-VALUE}.")
  String profile;

  @Option(
      names = "--time-scale",
      paramLabel = "X",
      defaultValue = "1",
      description =
          "Emulator speed-up (model time and network delays divided by X). Default: ${DEFAULT-VALUE}.")
  double timeScale;

  @Option(names = "--seed", defaultValue = "7", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      defaultValue = "gorgo-report/demo",
      description = "Where to write report.html and demo.json. Default: ${DEFAULT-VALUE}.")
  Path outputDir;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress line.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    Logging.quietAll();
    double window = seconds != null ? seconds : quick ? 6 : 25;
    int replicasPerRegion = perRegion != null ? perRegion : quick ? 1 : 2;
    validate(window, replicasPerRegion);
    Topology topo;
    try {
      topo = Topology.named(topology);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--topology: " + e.getMessage(), e);
    }
    Workload workload = workload(window);
    double speedUp = 1;
    if (workload instanceof SimWorkloads.Replay replay && replay.spanMillis() > window * 1000) {
      speedUp = replay.spanMillis() / (window * 1000);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    err.printf(
        Locale.ROOT,
        "gorgo demo: starting %d emulated replicas in %s and the proxy in %s ...%n",
        replicasPerRegion * topo.regions().size(),
        String.join(", ", topo.regions()),
        topo.routerRegion());
    err.flush();
    List<PolicyRun> runs = new ArrayList<>();
    DemoSettings settings;
    try (DemoCluster cluster =
        DemoCluster.start(topo, replicasPerRegion, profile, timeScale, seed)) {
      for (EmulatedReplica r : cluster.replicas()) {
        err.printf(
            Locale.ROOT,
            "  %-12s %-10s round trip from the proxy %5.0f ms%n",
            r.name(),
            r.region(),
            2 * r.oneWayDelay().toNanos() / 1e6);
      }
      err.println("  proxy        " + cluster.proxyUri());
      err.println(
          "  workload     "
              + workload.describe()
              + (speedUp > 1
                  ? String.format(Locale.ROOT, ", replayed %.1fx faster", speedUp)
                  : ""));
      err.flush();
      if (!cluster.awaitReady(Duration.ofSeconds(5))) {
        err.println(
            "  warning: the proxy has not measured the replicas' round trips yet; policies that"
                + " use them will route without them");
      }
      settings =
          new DemoSettings(
              topo.name(),
              topo.regions(),
              topo.routerRegion(),
              cluster.replicas().size(),
              profile,
              timeScale,
              workload.describe(),
              policies,
              seed);
      Options options =
          new Options(
              cluster.proxyUri(),
              "default",
              RequestType.CHAT,
              Duration.ofSeconds(60),
              false,
              Map.of(),
              r -> Map.of("X-Session-Id", r.session()),
              null);
      Progress progress =
          quiet ? Progress.none() : Progress.console(System.err, System.console() != null);
      Limits limits =
          new Limits(
              Duration.ofMillis((long) ((window + drainSeconds(window)) * 1000)),
              Integer.MAX_VALUE);
      try (StreamingClient client = new StreamingClient(options, 256)) {
        LoadGenerator generator = new LoadGenerator(client, progress, seed);
        warmUp(generator, quick ? 3 : 5);
        int i = 0;
        for (String policy : policies) {
          i++;
          cluster.clearCaches(Duration.ofSeconds(60));
          cluster.switchPolicy(policy);
          cluster.clearRecords();
          DemoCluster.Totals before = cluster.totals();
          RunResult run =
              generator.run(
                  new Phase(Profile.REPLAY, 1, 256, speedUp),
                  workload,
                  limits,
                  String.format(Locale.ROOT, "[%d/%d] %s", i, policies.size(), policy));
          // wait for the last streams' accounting before reading the totals
          Map<String, Integer> byRegion = cluster.routedByRegion();
          runs.add(
              new PolicyRun(
                  policy,
                  run,
                  cluster.totals().hitRatioSince(before),
                  PolicyRun.crossRegion(byRegion, cluster.proxyRegion()),
                  byRegion));
          err.printf(
              Locale.ROOT,
              "  %-12s done: %d ok, TTFT p50 %.0f ms%n",
              policy,
              run.successful(),
              run.ttftMs().p50());
          err.flush();
        }
      }
    }
    out.println();
    out.print(DemoReport.table(runs).render());
    String verdict = DemoReport.verdict(runs);
    if (verdict != null) {
      out.println(verdict);
    }
    Path html = outputDir.resolve("report.html");
    DemoReport.writeHtml(html, settings, runs);
    DemoReport.writeJson(outputDir.resolve("demo.json"), settings, runs);
    out.printf(
        Locale.ROOT,
        "%nReport: %s%nFinished in %.0f s.%n",
        html.toAbsolutePath().normalize(),
        (System.nanoTime() - started) / 1e9);
    out.flush();
    if (runs.stream().allMatch(p -> p.run().successful() == 0)) {
      err.println("gorgo demo: error: no request succeeded");
      err.flush();
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }

  /**
   * Sends a few seconds of other conversations through the proxy before the first measured run, so
   * that the first policy is not measured on a cold JVM (the JIT compiles the request path during
   * the first seconds). The caches are flushed afterwards like between any two runs.
   */
  private void warmUp(LoadGenerator generator, double warmSeconds) throws InterruptedException {
    Workload warm = DemoWorkloads.synthetic(seed ^ 0x5eedL, warmSeconds, 3);
    double speed = Math.max(1, ((SimWorkloads.Replay) warm).spanMillis() / (warmSeconds * 1000));
    generator.run(
        new Phase(Profile.REPLAY, 1, 64, speed),
        warm,
        new Limits(Duration.ofMillis((long) (warmSeconds * 2000)), Integer.MAX_VALUE),
        "warm-up");
  }

  /** Time allowed after the last arrival for streams to finish. */
  private static double drainSeconds(double window) {
    return Math.max(15, window * 0.5);
  }

  private Workload workload(double window) {
    if (trace != null) {
      int n = requests != null ? requests : quick ? 60 : 240;
      if (n < 1) {
        throw new UsageException("--requests must be >= 1, was " + n);
      }
      return DemoWorkloads.trace(trace, n);
    }
    if (requests != null) {
      throw new UsageException("--requests applies to --trace only");
    }
    double rate = sessionsPerSecond != null ? sessionsPerSecond : quick ? 2.5 : 2;
    if (!(rate > 0)) {
      throw new UsageException("--sessions-per-second must be > 0, was " + rate);
    }
    return DemoWorkloads.synthetic(seed, window, rate);
  }

  private void validate(double window, int replicasPerRegion) {
    if (!(window > 0) || window > 600) {
      throw new UsageException("--seconds must be in (0, 600], was " + window);
    }
    if (replicasPerRegion < 1 || replicasPerRegion > 8) {
      throw new UsageException("--replicas-per-region must be in 1..8, was " + replicasPerRegion);
    }
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new UsageException("--time-scale must be a positive number, was " + timeScale);
    }
    if (policies.isEmpty()) {
      throw new UsageException("--policies needs at least one policy");
    }
    List<String> known = dev.gorgo.api.Policies.names();
    for (String p : policies) {
      if (!known.contains(p)) {
        throw new UsageException(
            "unknown policy '" + p + "' (known: " + String.join(", ", known) + ")");
      }
    }
  }
}
