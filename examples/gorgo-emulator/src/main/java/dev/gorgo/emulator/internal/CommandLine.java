package dev.gorgo.emulator.internal;

import dev.gorgo.emulator.EmulatorConfig;
import dev.gorgo.emulator.ReplicaSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Parses the standalone emulator's command line into an {@link EmulatorConfig}. */
public final class CommandLine {
  /** The usage text. */
  public static final String USAGE =
      """
      Usage: emulator [options]
        --replica NAME@REGION:DELAY[:PORT]  add a replica (repeatable); DELAY is the one-way
                                           network delay, e.g. 5ms, 0.2s or 75 (ms); PORT 0 or
                                           absent picks a free port
                                           (default: one replica local-0@local:0ms:30000)
        --profile NAME                     engine profile: h100-7b (default) or a100-mistral7b
        --time-scale X                     model speed-up factor (default 1; 'inf' = zero time)
        --seed N                           seed of the generated text (default 0)
        --model NAME                       served model name (default gorgo-emulated-7b)
        --context-length N                 context window in tokens (default 32768)
        --max-running N                    override the profile's max running requests
        --kv-capacity N                    override the profile's KV capacity in tokens
        --max-queued N                     refuse requests beyond N waiting (default unbounded)
        --no-cache-report                  omit prompt_tokens_details.cached_tokens
        --host HOST                        address to bind (default 127.0.0.1)
        --help                             print this text
      """;

  private CommandLine() {}

  /**
   * Parses arguments.
   *
   * @param args the arguments
   * @return the configuration
   * @throws IllegalArgumentException with a message for the user when an argument is wrong
   */
  public static EmulatorConfig parse(List<String> args) {
    EmulatorConfig.Builder b = EmulatorConfig.builder();
    boolean anyReplica = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--no-cache-report")) {
        b.cacheReport(false);
        continue;
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("unknown option or missing value: " + a);
      }
      String v = args.get(++i);
      switch (a) {
        case "--replica" -> {
          b.replica(replica(v));
          anyReplica = true;
        }
        case "--profile" -> b.profile(v);
        case "--time-scale" ->
            b.timeScale(v.equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : number(a, v));
        case "--seed" -> b.seed((long) number(a, v));
        case "--model" -> b.modelName(v);
        case "--context-length" -> b.contextLength((int) number(a, v));
        case "--max-running" -> b.maxRunning((int) number(a, v));
        case "--kv-capacity" -> b.kvCapacityTokens((long) number(a, v));
        case "--max-queued" -> b.maxQueued((int) number(a, v));
        case "--host" -> b.host(v);
        default -> throw new IllegalArgumentException("unknown option: " + a);
      }
    }
    if (!anyReplica) {
      b.replica(new ReplicaSpec("local-0", "local", Duration.ZERO, 30000));
    }
    return b.build();
  }

  /**
   * Parses {@code NAME@REGION:DELAY[:PORT]}.
   *
   * @param s the text
   * @return the replica
   */
  static ReplicaSpec replica(String s) {
    int at = s.indexOf('@');
    String[] rest = at < 0 ? new String[0] : s.substring(at + 1).split(":");
    if (at <= 0 || rest.length < 2 || rest.length > 3) {
      throw new IllegalArgumentException(
          "--replica wants NAME@REGION:DELAY[:PORT], e.g. eu-0@eu-central:75ms, got " + s);
    }
    int port = rest.length == 3 ? (int) number("--replica port", rest[2]) : 0;
    return new ReplicaSpec(s.substring(0, at), rest[0], duration(rest[1]), port);
  }

  /**
   * Parses a duration such as {@code 5ms}, {@code 0.2s}, {@code 75us} or {@code 75} (ms).
   *
   * @param s the text
   * @return the duration
   */
  static Duration duration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    double factorNanos = 1e6;
    if (t.endsWith("ms")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("us")) {
      factorNanos = 1e3;
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      factorNanos = 1e9;
      t = t.substring(0, t.length() - 1);
    }
    double v = number("delay", t);
    if (v < 0) {
      throw new IllegalArgumentException("delay must not be negative: " + s);
    }
    return Duration.ofNanos(Math.round(v * factorNanos));
  }

  private static double number(String what, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": not a number: " + v);
    }
  }
}
