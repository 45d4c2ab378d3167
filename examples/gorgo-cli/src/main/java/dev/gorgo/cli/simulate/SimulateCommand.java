package dev.gorgo.cli.simulate;

import dev.gorgo.cli.ExitCodes;
import dev.gorgo.cli.UsageException;
import dev.gorgo.sim.Simulation;
import dev.gorgo.sim.SimulationReport;
import dev.gorgo.sim.SimulatorMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gorgo simulate}: runs the simulator. The options are the simulator's own ({@link
 * SimulatorMain#parse} reads them, so both entry points accept and check exactly the same things);
 * this command adds help, completion, a default workload and a default output directory.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Simulate a multi-region cluster in virtual time and compare routing policies on the same"
          + " workload: deterministic for a seed, minutes of traffic in seconds.",
      "Replicas run the SGLang-like engine model (radix KV cache, continuous batching, chunked"
          + " prefill); the router runs each policy unchanged. Reports TTFT mean/p50/p90/p95/p99,"
          + " E2E p95, throughput, prefix-cache hit ratio, cross-region share and load spread per"
          + " policy, as a table and as text, JSON, CSV and HTML files.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./gorgo simulate                                 # synthetic chat, 10 minutes of traffic",
      "  ./gorgo simulate --trace mooncake-conversation.jsonl --topology paper-v2",
      "  ./gorgo simulate --synthetic --duration 1800 --rate-scale 2 --policies gorgo,least-load",
      "  ./gorgo simulate --trace trace.jsonl --param t_p=0.032 --profile h100-7b"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the simulation ran and its report was written",
      "1:the report could not be written",
      "2:usage error (bad option, unreadable or malformed trace)"
    })
public final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--trace", paramLabel = "FILE", description = "Mooncake-format JSONL trace.")
  Path trace;

  @Option(
      names = "--synthetic",
      description = "WildChat-shaped multi-turn chat (the default when no --trace is given).")
  boolean synthetic;

  @Option(names = "--limit", paramLabel = "N", description = "Only the first N requests.")
  Integer limit;

  @Option(
      names = "--duration",
      paramLabel = "S",
      description = "Synthetic: seconds of new sessions (default here 600).")
  Double duration;

  @Option(
      names = "--sessions-per-second",
      paramLabel = "X",
      description = "Synthetic: new conversations per second (default 1).")
  Double sessionsPerSecond;

  @Option(
      names = "--block-tokens",
      paramLabel = "N",
      description = "Trace: tokens per hash id (default 512).")
  Integer blockTokens;

  @Option(
      names = "--topology",
      paramLabel = "NAME|FILE",
      description = "paper-v1 (default), paper-v2 or a JSON file.")
  String topology;

  @Option(
      names = "--router-region",
      paramLabel = "REGION",
      description = "Put the router in another region.")
  String routerRegion;

  @Option(
      names = "--client-weights",
      paramLabel = "R=W,...",
      description = "Share of clients per region, e.g. us-east=2,frankfurt=1 (default equal).")
  String clientWeights;

  @Option(
      names = "--replicas-per-region",
      paramLabel = "N",
      description = "Engines per region (default 2).")
  Integer replicasPerRegion;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "a100-mistral7b (default) or h100-7b.")
  String profile;

  @Option(
      names = "--kv-capacity",
      paramLabel = "TOKENS",
      description = "Override the profile's KV capacity.")
  Long kvCapacity;

  @Option(
      names = "--max-running",
      paramLabel = "N",
      description = "Router's running gate per replica (default 10).")
  Integer maxRunning;

  @Option(
      names = "--policies",
      paramLabel = "LIST",
      description = "Policies to compare, comma-separated (default: all built-in ones and oracle).")
  String policies;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description = "Policy parameter for every policy declaring it, e.g. t_p=0.032 (repeatable).")
  List<String> params = new ArrayList<>();

  @Option(
      names = "--rate-scale",
      paramLabel = "X",
      description = "Arrival-rate multiplier (default 1).")
  Double rateScale;

  @Option(names = "--seed", description = "Seed (default 1).")
  Long seed;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Policies simulated in parallel (default 1).")
  Integer threads;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "gorgo-report/simulate",
      description =
          "Where to write report.{txt,json,csv,html} and per-request CSVs. Default: ${DEFAULT-VALUE}.")
  Path out;

  /** The arguments as the simulator's own parser reads them. */
  List<String> simulatorArgs() {
    List<String> args = new ArrayList<>();
    BiConsumer<String, Object> add =
        (flag, value) -> {
          if (value != null) {
            args.add(flag);
            args.add(value.toString());
          }
        };
    if (trace != null) {
      if (synthetic) {
        throw new UsageException("give either --trace or --synthetic, not both");
      }
      add.accept("--trace", trace);
    } else {
      args.add("--synthetic");
      add.accept("--duration", duration != null ? duration : 600.0);
    }
    if (trace != null && (duration != null || sessionsPerSecond != null)) {
      throw new UsageException("--duration and --sessions-per-second apply to --synthetic only");
    }
    add.accept("--sessions-per-second", sessionsPerSecond);
    add.accept("--block-tokens", blockTokens);
    add.accept("--limit", limit);
    add.accept("--topology", topology);
    add.accept("--router-region", routerRegion);
    add.accept("--client-weights", clientWeights);
    add.accept("--replicas-per-region", replicasPerRegion);
    add.accept("--profile", profile);
    add.accept("--kv-capacity", kvCapacity);
    add.accept("--max-running", maxRunning);
    add.accept("--policies", policies);
    params.forEach(p -> add.accept("--param", p));
    add.accept("--rate-scale", rateScale);
    add.accept("--seed", seed);
    add.accept("--threads", threads);
    return args;
  }

  @Override
  public Integer call() {
    SimulatorMain.Parsed parsed;
    try {
      parsed = SimulatorMain.parse(simulatorArgs().toArray(String[]::new));
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new UsageException(e.getMessage(), e);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        Locale.ROOT,
        "gorgo simulate: %d requests, %d policies ...%n",
        parsed.config().workload().requests().size(),
        parsed.config().policies().size());
    err.flush();
    long start = System.nanoTime();
    SimulationReport report;
    try {
      report = Simulation.run(parsed.config());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    stdout.print(report.table());
    try {
      report.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the report to " + out + ": " + e.getMessage(), e);
    }
    stdout.printf(
        Locale.ROOT,
        "Report: %s (simulated in %.1f s)%n",
        out.resolve("report.html").toAbsolutePath().normalize(),
        (System.nanoTime() - start) / 1e9);
    stdout.flush();
    return ExitCodes.OK;
  }
}
