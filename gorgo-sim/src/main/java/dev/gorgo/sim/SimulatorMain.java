package dev.gorgo.sim;

import dev.gorgo.sim.engine.EngineProfile;
import dev.gorgo.sim.topology.Topology;
import dev.gorgo.sim.workload.MooncakeTrace;
import dev.gorgo.sim.workload.SyntheticChat;
import dev.gorgo.sim.workload.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The simulator's command line: {@code java -cp ... dev.gorgo.sim.SimulatorMain [options]}.
 *
 * <pre>
 *   --trace PATH               Mooncake-format JSONL trace (or --synthetic)
 *   --synthetic                WildChat-shaped multi-turn chat (see SyntheticChat)
 *   --block-tokens N           tokens per hash id of the trace (default 512)
 *   --limit N                  only the first N requests
 *   --duration S               synthetic: seconds of sessions (default 3600)
 *   --sessions-per-second X    synthetic: session rate (default 1.0)
 *   --topology T               paper-v1 | paper-v2 | FILE.json (default paper-v1)
 *   --router-region R          put the router in another region of the topology
 *   --client-weights a=1,b=2   client share per region (default equal)
 *   --replicas-per-region N    engines per region (default 2)
 *   --profile P                a100-mistral7b | h100-7b (default a100-mistral7b)
 *   --kv-capacity N            override the profile's KV capacity in tokens
 *   --max-running N            router's running gate per replica (default 10)
 *   --distributed              a router beside every replica instead of one central router
 *   --policies a,b,c           policies to compare (default: all built-in and oracle)
 *   --param k=v                policy parameter for every policy declaring it (repeatable)
 *   --rate-scale X             arrival-rate multiplier (default 1)
 *   --seed N                   seed (default 1)
 *   --threads N                policies simulated in parallel (default 1)
 *   --out DIR                  write report.{txt,json,csv,html} and per-request CSVs there
 * </pre>
 *
 * <p>The table goes to standard output. Bad arguments print a message and the usage to standard
 * error and exit with status 2.
 */
public final class SimulatorMain {
  private SimulatorMain() {}

  /**
   * Runs the command line and exits the JVM with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line without exiting.
   *
   * @param args the arguments
   * @param out where the table goes
   * @param err where errors and usage go
   * @return 0 on success, 2 for bad arguments, 1 when writing the report failed
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Parsed parsed;
    try {
      parsed = parse(args);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      err.println(usage());
      return 2;
    }
    if (parsed == null) {
      out.println(usage());
      return 0;
    }
    SimulationReport report;
    try {
      report = Simulation.run(parsed.config());
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    out.print(report.table());
    Path dir = parsed.out();
    if (dir != null) {
      try {
        report.writeTo(dir);
        out.println("report written to " + dir);
      } catch (IOException e) {
        err.println("error: cannot write the report: " + e.getMessage());
        return 1;
      }
    }
    return 0;
  }

  /**
   * Parsed command line.
   *
   * @param config the simulation
   * @param out output directory, or {@code null}
   */
  public record Parsed(SimulationConfig config, @Nullable Path out) {}

  /**
   * Parses the arguments into a configuration.
   *
   * @param args the arguments
   * @return the parsed command line, or {@code null} when help was asked for
   * @throws IllegalArgumentException if an argument is unknown, missing its value, or invalid
   * @throws UncheckedIOException if the trace cannot be read
   */
  public static @Nullable Parsed parse(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    Map<String, String> params = new LinkedHashMap<>();
    boolean synthetic = false;
    boolean distributed = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-h", "--help" -> {
          return null;
        }
        case "--synthetic" -> synthetic = true;
        case "--distributed" -> distributed = true;
        case "--trace",
            "--block-tokens",
            "--limit",
            "--duration",
            "--sessions-per-second",
            "--topology",
            "--router-region",
            "--client-weights",
            "--replicas-per-region",
            "--profile",
            "--kv-capacity",
            "--max-running",
            "--policies",
            "--rate-scale",
            "--seed",
            "--threads",
            "--out",
            "--param" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(a + " needs a value");
          }
          String v = args[++i];
          if (a.equals("--param")) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("--param wants name=value, got " + v);
            }
            params.put(v.substring(0, eq), v.substring(eq + 1));
          } else {
            opts.put(a, v);
          }
        }
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    if (synthetic == opts.containsKey("--trace")) {
      throw new IllegalArgumentException("give exactly one of --trace PATH and --synthetic");
    }
    long seed = longOpt(opts, "--seed", 1);
    Workload workload;
    if (synthetic) {
      SyntheticChat.Config d =
          SyntheticChat.Config.defaults(seed)
              .withDurationSeconds(doubleOpt(opts, "--duration", 3600));
      double sps = doubleOpt(opts, "--sessions-per-second", d.sessionsPerSecond());
      workload = SyntheticChat.generate(withSessionRate(d, sps));
    } else {
      workload =
          MooncakeTrace.read(
              Path.of(opts.get("--trace")), (int) longOpt(opts, "--block-tokens", 512));
    }
    if (opts.containsKey("--limit")) {
      workload = workload.limit((int) longOpt(opts, "--limit", 0));
    }
    Topology topology = Topology.named(opts.getOrDefault("--topology", "paper-v1"));
    if (opts.containsKey("--router-region")) {
      topology = topology.withRouterRegion(opts.get("--router-region"));
    }
    if (opts.containsKey("--client-weights")) {
      topology = topology.withClientWeights(weights(topology, opts.get("--client-weights")));
    }
    EngineProfile profile = EngineProfile.named(opts.getOrDefault("--profile", "a100-mistral7b"));
    if (opts.containsKey("--kv-capacity")) {
      profile = profile.withKvCapacityTokens(longOpt(opts, "--kv-capacity", 0));
    }
    SimulationConfig.Builder b =
        SimulationConfig.builder(workload)
            .topology(topology)
            .replicasPerRegion((int) longOpt(opts, "--replicas-per-region", 2))
            .profile(profile)
            .maxRunningGate((int) longOpt(opts, "--max-running", 10))
            .rateScale(doubleOpt(opts, "--rate-scale", 1))
            .seed(seed)
            .threads((int) longOpt(opts, "--threads", 1))
            .distributed(distributed)
            .policyParameters(params);
    if (opts.containsKey("--policies")) {
      b.policies(Arrays.stream(opts.get("--policies").split(",")).map(String::trim).toList());
    }
    Path out = opts.containsKey("--out") ? Path.of(opts.get("--out")) : null;
    return new Parsed(b.build(), out);
  }

  private static SyntheticChat.Config withSessionRate(SyntheticChat.Config c, double rate) {
    return new SyntheticChat.Config(
        c.seed(),
        c.durationSeconds(),
        rate,
        c.systemPrompts(),
        c.zipfExponent(),
        c.systemMedianTokens(),
        c.systemSigma(),
        c.meanTurns(),
        c.userMedianTokens(),
        c.userSigma(),
        c.replyMedianTokens(),
        c.replySigma(),
        c.maxReplyTokens(),
        c.thinkMedianSeconds(),
        c.thinkSigma(),
        c.replyMsPerToken(),
        c.maxPromptTokens());
  }

  private static double[] weights(Topology t, String spec) {
    double[] w = new double[t.regions().size()];
    for (String part : spec.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--client-weights wants region=weight,..., got " + part);
      }
      w[t.indexOf(part.substring(0, eq).trim())] =
          parseDouble("--client-weights", part.substring(eq + 1));
    }
    return w;
  }

  private static long longOpt(Map<String, String> opts, String name, long def) {
    String v = opts.get(name);
    if (v == null) {
      return def;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " wants an integer, got " + v, e);
    }
  }

  private static double doubleOpt(Map<String, String> opts, String name, double def) {
    String v = opts.get(name);
    return v == null ? def : parseDouble(name, v);
  }

  private static double parseDouble(String name, String v) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " wants a number, got " + v, e);
    }
  }

  /**
   * The usage text.
   *
   * @return the usage
   */
  public static String usage() {
    return String.join(
        "\n",
        List.of(
            "usage: SimulatorMain (--trace PATH | --synthetic) [options]",
            "  --topology paper-v1|paper-v2|FILE  --router-region R  --client-weights a=1,b=2",
            "  --replicas-per-region N  --profile a100-mistral7b|h100-7b  --kv-capacity N",
            "  --max-running N  --distributed",
            "  --policies a,b,c  --param k=v  --rate-scale X  --seed N  --threads N",
            "  --block-tokens N  --limit N  --duration S  --sessions-per-second X  --out DIR"));
  }
}
