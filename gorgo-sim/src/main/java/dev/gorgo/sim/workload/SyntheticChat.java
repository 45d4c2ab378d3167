package dev.gorgo.sim.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates multi-turn chat traffic shaped like WildChat, from a seed.
 *
 * <p>Sessions (conversations) start as a Poisson process. Each picks one of a few shared system
 * prompts by a Zipf popularity law and runs a geometric number of turns. Turn {@code k}'s prompt is
 * the system prompt followed by the whole history: user message 1, reply 1, ..., user message
 * {@code k}; its output is reply {@code k}, which the next turn's prompt repeats (the engine caches
 * it with the prompt, as SGLang does). Message lengths are lognormal. The next turn is sent after
 * the reply has had time to stream ({@code replyMsPerToken} per output token) plus a lognormal
 * think time. A session ends early when its prompt would exceed {@code maxPromptTokens}.
 *
 * <p>The defaults follow the WildChat paper's dataset statistics (Zhao et al., "WildChat: 1M
 * ChatGPT Interaction Logs in the Wild", ICLR 2024): about 2.5 turns per conversation, user turns
 * averaging about 300 tokens and replies about 440; the lognormal medians and spreads below give
 * those means with WildChat's long tails. The system prompts, think times and session rate are
 * assumptions (WildChat does not publish them), stated here so they can be changed.
 *
 * <p>Deterministic: the same configuration gives the same workload on every JVM (own Box-Muller
 * normal sampling over {@link SplittableRandom}). Stateless and thread-safe.
 */
public final class SyntheticChat {

  /**
   * The generator's parameters. Lengths are tokens, times seconds unless named otherwise.
   *
   * @param seed random seed
   * @param durationSeconds sessions start during [0, duration); later turns may run past it
   * @param sessionsPerSecond Poisson rate of new sessions; positive
   * @param systemPrompts number of distinct shared system prompts; at least 1
   * @param zipfExponent popularity skew of the system prompts (0 = uniform)
   * @param systemMedianTokens median system prompt length
   * @param systemSigma lognormal sigma of system prompt lengths
   * @param meanTurns mean turns per session (geometric); at least 1
   * @param userMedianTokens median user message length
   * @param userSigma lognormal sigma of user message lengths
   * @param replyMedianTokens median reply length
   * @param replySigma lognormal sigma of reply lengths
   * @param maxReplyTokens cap on a reply (the request's max tokens)
   * @param thinkMedianSeconds median think time between a reply and the next user message
   * @param thinkSigma lognormal sigma of think times
   * @param replyMsPerToken time a reply takes to stream, per output token, in ms (added before the
   *     think time)
   * @param maxPromptTokens a session stops before a prompt would exceed this (the context limit)
   */
  public record Config(
      long seed,
      double durationSeconds,
      double sessionsPerSecond,
      int systemPrompts,
      double zipfExponent,
      double systemMedianTokens,
      double systemSigma,
      double meanTurns,
      double userMedianTokens,
      double userSigma,
      double replyMedianTokens,
      double replySigma,
      int maxReplyTokens,
      double thinkMedianSeconds,
      double thinkSigma,
      double replyMsPerToken,
      int maxPromptTokens) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a component is out of range
     */
    public Config {
      positive("durationSeconds", durationSeconds);
      positive("sessionsPerSecond", sessionsPerSecond);
      positive("systemMedianTokens", systemMedianTokens);
      positive("userMedianTokens", userMedianTokens);
      positive("replyMedianTokens", replyMedianTokens);
      positive("thinkMedianSeconds", thinkMedianSeconds);
      nonNegative("zipfExponent", zipfExponent);
      nonNegative("systemSigma", systemSigma);
      nonNegative("userSigma", userSigma);
      nonNegative("replySigma", replySigma);
      nonNegative("thinkSigma", thinkSigma);
      nonNegative("replyMsPerToken", replyMsPerToken);
      if (systemPrompts < 1) {
        throw new IllegalArgumentException("systemPrompts must be >= 1, was " + systemPrompts);
      }
      if (!(meanTurns >= 1) || Double.isInfinite(meanTurns)) {
        throw new IllegalArgumentException("meanTurns must be finite and >= 1, was " + meanTurns);
      }
      if (maxReplyTokens < 1 || maxPromptTokens < 2) {
        throw new IllegalArgumentException("maxReplyTokens and maxPromptTokens must be positive");
      }
    }

    /**
     * The defaults described in the class documentation: one hour, one new session per second, 8
     * system prompts (Zipf 1.0, median 300 tokens), 2.5 turns, user median 145 tokens (sigma 1.2,
     * mean about 300), reply median 320 (sigma 0.8, mean about 440, cap 2,048), think time median
     * 20 s (sigma 1.0), 15 ms per streamed token, 32,768-token context.
     *
     * @param seed random seed
     * @return the configuration
     */
    public static Config defaults(long seed) {
      return new Config(
          seed, 3600, 1.0, 8, 1.0, 300, 0.8, 2.5, 145, 1.2, 320, 0.8, 2048, 20, 1.0, 15, 32_768);
    }

    /**
     * Returns a copy with another duration.
     *
     * @param seconds the duration
     * @return the copy
     */
    public Config withDurationSeconds(double seconds) {
      return new Config(
          seed,
          seconds,
          sessionsPerSecond,
          systemPrompts,
          zipfExponent,
          systemMedianTokens,
          systemSigma,
          meanTurns,
          userMedianTokens,
          userSigma,
          replyMedianTokens,
          replySigma,
          maxReplyTokens,
          thinkMedianSeconds,
          thinkSigma,
          replyMsPerToken,
          maxPromptTokens);
    }

    private static void positive(String what, double v) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(what + " must be finite and > 0, was " + v);
      }
    }

    private static void nonNegative(String what, double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(what + " must be finite and >= 0, was " + v);
      }
    }
  }

  private SyntheticChat() {}

  /**
   * Generates a workload.
   *
   * @param c the parameters
   * @return the workload, named {@code synthetic-chat(seed=...)}
   */
  public static Workload generate(Config c) {
    SplittableRandom rnd = new SplittableRandom(c.seed());
    int[] systemLengths = new int[c.systemPrompts()];
    double[] cumulative = new double[c.systemPrompts()];
    double total = 0;
    for (int i = 0; i < systemLengths.length; i++) {
      systemLengths[i] = lognormalTokens(rnd, c.systemMedianTokens(), c.systemSigma(), 8192);
      total += 1 / Math.pow(i + 1, c.zipfExponent());
      cumulative[i] = total;
    }
    List<TraceRequest> out = new ArrayList<>();
    int nextSegment = c.systemPrompts() + 1;
    double t = exponential(rnd, 1 / c.sessionsPerSecond());
    int session = 0;
    while (t < c.durationSeconds()) {
      session++;
      int sys = pick(rnd, cumulative, total);
      int turns = geometric(rnd, 1 / c.meanTurns());
      List<Integer> segs = new ArrayList<>();
      List<Integer> lens = new ArrayList<>();
      segs.add(sys + 1);
      lens.add(systemLengths[sys]);
      int promptLen = systemLengths[sys];
      double at = t;
      for (int turn = 1; turn <= turns; turn++) {
        int user = lognormalTokens(rnd, c.userMedianTokens(), c.userSigma(), 16_384);
        int reply = lognormalTokens(rnd, c.replyMedianTokens(), c.replySigma(), c.maxReplyTokens());
        if (promptLen + user > c.maxPromptTokens()) {
          break;
        }
        segs.add(nextSegment++);
        lens.add(user);
        promptLen += user;
        int replySeg = nextSegment++;
        out.add(
            new TraceRequest(
                "s" + session + "t" + turn,
                Math.round(at * 1e9),
                segs.stream().mapToInt(Integer::intValue).toArray(),
                lens.stream().mapToInt(Integer::intValue).toArray(),
                reply,
                replySeg,
                "s" + session,
                session,
                null));
        segs.add(replySeg);
        lens.add(reply);
        promptLen += reply;
        at +=
            reply * c.replyMsPerToken() / 1000
                + lognormal(rnd, c.thinkMedianSeconds(), c.thinkSigma());
      }
      t += exponential(rnd, 1 / c.sessionsPerSecond());
    }
    return new Workload("synthetic-chat(seed=" + c.seed() + ")", out);
  }

  private static int pick(SplittableRandom rnd, double[] cumulative, double total) {
    double u = rnd.nextDouble() * total;
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  private static int geometric(SplittableRandom rnd, double p) {
    int n = 1;
    while (n < 64 && rnd.nextDouble() >= p) {
      n++;
    }
    return n;
  }

  private static double exponential(SplittableRandom rnd, double mean) {
    return -mean * Math.log(1 - rnd.nextDouble());
  }

  private static double lognormal(SplittableRandom rnd, double median, double sigma) {
    return median * Math.exp(sigma * gaussian(rnd));
  }

  private static int lognormalTokens(SplittableRandom rnd, double median, double sigma, int max) {
    return (int) Math.max(1, Math.min(max, Math.round(lognormal(rnd, median, sigma))));
  }

  private static double gaussian(SplittableRandom rnd) {
    double u1 = 1 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
