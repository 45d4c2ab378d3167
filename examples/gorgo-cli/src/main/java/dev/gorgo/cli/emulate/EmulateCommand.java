package dev.gorgo.cli.emulate;

import dev.gorgo.cli.Durations;
import dev.gorgo.cli.ExitCodes;
import dev.gorgo.cli.Logging;
import dev.gorgo.cli.RunUntilStopped;
import dev.gorgo.cli.UsageException;
import dev.gorgo.emulator.EmulatedReplica;
import dev.gorgo.emulator.Emulator;
import dev.gorgo.emulator.EmulatorCluster;
import dev.gorgo.emulator.EmulatorConfig;
import dev.gorgo.emulator.ReplicaSpec;
import dev.gorgo.sim.topology.Topology;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gorgo emulate}: run emulated SGLang replicas until stopped. */
@Command(
    name = "emulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run emulated SGLang replicas (no GPU): HTTP servers that speak SGLang's API, driven in real"
          + " time by the simulator's engine model (continuous batching, radix prefix cache,"
          + " chunked prefill), each with the network delay of its region.",
      "By default: 2 replicas in each region of the paper-v2 topology (us-east, frankfurt,"
          + " seoul), delays as seen from us-east. Runs until Ctrl-C (or --duration).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./gorgo emulate                                  # 6 replicas on free ports",
      "  ./gorgo emulate --base-port 30000 --time-scale 10",
      "  ./gorgo emulate --replica a@local:0ms:30000 --replica b@far:80ms:30001",
      "  ./gorgo emulate --topology paper-v1 --replicas-per-region 1 --profile h100-7b",
      "",
      "It prints a ./gorgo proxy command line for the replicas it started."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped (Ctrl-C or --duration)",
      "1:a replica could not start (port taken, ...)",
      "2:usage error"
    })
public final class EmulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--topology",
      paramLabel = "NAME|FILE",
      defaultValue = "paper-v2",
      description =
          "Regions and round trips: paper-v1, paper-v2 or a JSON file. Default: ${DEFAULT-VALUE}.")
  String topology;

  @Option(
      names = "--vantage",
      paramLabel = "REGION",
      description =
          "Region the proxy runs in (delays are measured from it). Default: the topology's router region.")
  String vantage;

  @Option(
      names = "--replicas-per-region",
      paramLabel = "N",
      defaultValue = "2",
      description = "Replicas in each region. Default: ${DEFAULT-VALUE}.")
  int perRegion;

  @Option(
      names = "--replica",
      paramLabel = "NAME@REGION:DELAY[:PORT]",
      description =
          "A replica with its one-way delay (75, 75ms, 0.2s); repeatable; replaces the topology.")
  List<String> replicas = new ArrayList<>();

  @Option(
      names = "--base-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description =
          "First port for topology replicas (then consecutive); 0 = free ports. Default: ${DEFAULT-VALUE}.")
  int basePort;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      defaultValue = "a100-mistral7b",
      completionCandidates = Profiles.class,
      description = "Engine profile: a100-mistral7b or h100-7b. Default: ${DEFAULT-VALUE}.")
  String profile;

  @Option(
      names = "--time-scale",
      paramLabel = "X",
      defaultValue = "1",
      description =
          "Model seconds per wall second (10 = ten times faster, delays too); inf = zero time. Default: ${DEFAULT-VALUE}.")
  String timeScale;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of the generated text. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = "gorgo-emulated-7b",
      description = "Served model name. Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(
      names = "--max-running",
      paramLabel = "N",
      description = "Override the profile's maximum running requests per replica.")
  Integer maxRunning;

  @Option(
      names = "--kv-capacity",
      paramLabel = "TOKENS",
      description = "Override the profile's KV cache capacity per replica.")
  Long kvCapacity;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(
      names = "--duration",
      paramLabel = "S",
      description = "Stop after S seconds (scripts and tests); default: run until Ctrl-C.")
  Double duration;

  @Override
  public Integer call() throws InterruptedException {
    Logging.quietServers();
    EmulatorConfig config = config();
    EmulatorCluster cluster;
    try {
      cluster = Emulator.start(config);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    RunUntilStopped running = RunUntilStopped.install(cluster, "gorgo-emulate-shutdown");
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "gorgo emulate: %d replicas, profile %s, time scale %s, model %s%n",
        cluster.replicas().size(),
        config.profile(),
        timeScale,
        config.modelName());
    StringBuilder proxyCmd = new StringBuilder("./gorgo proxy");
    for (EmulatedReplica r : cluster.replicas()) {
      out.printf(
          Locale.ROOT,
          "  %-14s %-12s one-way delay %5.1f ms   %s%n",
          r.name(),
          r.region(),
          r.oneWayDelay().toNanos() / 1e6,
          r.baseUri());
      proxyCmd
          .append(" \\\n    --backend ")
          .append(r.name())
          .append('=')
          .append(r.baseUri())
          .append('@')
          .append(r.region());
    }
    out.println("Route through them with:");
    out.println("  " + proxyCmd);
    out.println(duration == null ? "Ctrl-C stops." : "Stopping after " + duration + " s.");
    out.flush();
    running.await(duration);
    return ExitCodes.OK;
  }

  EmulatorConfig config() {
    EmulatorConfig.Builder b = EmulatorConfig.builder();
    List<ReplicaSpec> specs = new ArrayList<>();
    if (replicas.isEmpty()) {
      Topology t;
      try {
        t = Topology.named(topology);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--topology: " + e.getMessage(), e);
      }
      String v = vantage != null ? vantage : t.routerRegion();
      if (!t.regions().contains(v)) {
        throw new UsageException(
            "--vantage " + v + " is not a region of " + t.name() + " " + t.regions());
      }
      if (perRegion < 1) {
        throw new UsageException("--replicas-per-region must be >= 1, was " + perRegion);
      }
      specs.addAll(Regions.specs(t, v, perRegion, basePort));
    } else {
      for (String r : replicas) {
        specs.add(parseReplica(r));
      }
    }
    specs.forEach(b::replica);
    b.profile(profile).seed(seed).modelName(model).host(host);
    try {
      b.timeScale(
          timeScale.equalsIgnoreCase("inf")
              ? Double.POSITIVE_INFINITY
              : Double.parseDouble(timeScale));
    } catch (NumberFormatException e) {
      throw new UsageException("--time-scale must be a number or 'inf', was " + timeScale);
    }
    if (maxRunning != null) {
      b.maxRunning(maxRunning);
    }
    if (kvCapacity != null) {
      b.kvCapacityTokens(kvCapacity);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** Parses {@code NAME@REGION:DELAY[:PORT]}. */
  static ReplicaSpec parseReplica(String text) {
    int at = text.indexOf('@');
    String[] rest = at < 0 ? new String[0] : text.substring(at + 1).split(":");
    if (at <= 0 || rest.length < 2 || rest.length > 3 || rest[0].isBlank()) {
      throw new UsageException(
          "--replica "
              + text
              + ": expected NAME@REGION:DELAY[:PORT], e.g. eu-0@frankfurt:44ms:30001");
    }
    try {
      Duration delay = Durations.parse(rest[1]);
      int port = rest.length == 3 ? Integer.parseInt(rest[2]) : 0;
      return new ReplicaSpec(text.substring(0, at), rest[0], delay, port);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--replica " + text + ": " + e.getMessage(), e);
    }
  }

  static final class Profiles implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.of("a100-mistral7b", "h100-7b").iterator();
    }
  }
}
