package dev.gorgo.sim.engine;

import java.util.List;
import java.util.Objects;

/**
 * The performance and capacity parameters of one simulated inference replica (an SGLang-like engine
 * serving one model on one GPU). Immutable and thread-safe.
 *
 * <p>Time model: a prefill forward pass over {@code n} uncached prompt tokens takes {@link
 * #prefillMs(int) prefillOverheadMs + tPrefillMsPerToken * n}; a decode step over a batch of {@code
 * b} sequences takes {@link #decodeStepMs(int) decodeBaseMs + decodePerSequenceMs * b}, so it grows
 * slowly with the batch. The two built-in profiles and where each number comes from:
 *
 * <ul>
 *   <li>{@code a100-mistral7b}: Mistral-7B on one A100 40 GB. {@code t_p} = 0.094 ms/token is the
 *       GORGO paper's regression (TTFT = 150.72 ms + 0.0938 ms/token; its intercept also holds the
 *       client's network round trip and HTTP handling, which the simulator models separately, so
 *       the engine-side overhead is taken as 25 ms). Decode 12 ms + 0.08 ms per sequence. KV
 *       capacity 150,000 tokens: 40 GB x 0.85 static memory fraction - 14.5 GB of weights leaves
 *       about 19.5 GB, and a Mistral-7B token takes 2 x 32 layers x 8 KV heads x 128 x 2 bytes =
 *       128 KiB.
 *   <li>{@code h100-7b}: a 7B model on one H100 80 GB. {@code t_p} = 0.032 ms/token, measured
 *       (compute-bound prefill at 2k-8k tokens); the eager-mode measurement's 33 ms floor is not
 *       what an engine with CUDA graphs pays, so the overhead is 15 ms and a decode step 7 ms +
 *       0.04 ms per sequence. KV capacity 420,000 tokens (80 GB x 0.88 - 14.5 GB, 128 KiB per
 *       token).
 * </ul>
 *
 * <p>Both use SGLang's default chunked-prefill budget of 8,192 tokens per forward pass and a page
 * of 16 tokens (paged attention back ends commonly use 16; SGLang's own default is 1, which makes
 * no difference for traces whose blocks are multiples of 16 tokens).
 *
 * @param name the profile's name, for reports; never blank
 * @param tPrefillMsPerToken prefill time per uncached prompt token, in ms; positive
 * @param prefillOverheadMs fixed time of one prefill forward pass, in ms; at least 0
 * @param decodeBaseMs time of a decode step with an empty batch, in ms; at least 0
 * @param decodePerSequenceMs extra decode-step time per sequence in the batch, in ms; at least 0
 * @param maxRunning the engine's cap on admitted (prefilling or decoding) requests; at least 1
 * @param kvCapacityTokens KV cache capacity in tokens ({@code max_total_num_tokens}); at least one
 *     page
 * @param pageSize KV cache page in tokens; cache matches and allocations are whole pages; at least
 *     1
 * @param chunkedPrefillTokens most prompt tokens prefilled in one forward pass; at least 1
 */
public record EngineProfile(
    String name,
    double tPrefillMsPerToken,
    double prefillOverheadMs,
    double decodeBaseMs,
    double decodePerSequenceMs,
    int maxRunning,
    long kvCapacityTokens,
    int pageSize,
    int chunkedPrefillTokens) {

  /** Mistral-7B on one A100 40 GB, with the GORGO paper's t_p of 0.094 ms/token. */
  public static final EngineProfile A100_MISTRAL7B =
      new EngineProfile("a100-mistral7b", 0.094, 25, 12, 0.08, 64, 150_000, 16, 8192);

  /** A 7B model on one H100 80 GB, with the measured t_p of 0.032 ms/token. */
  public static final EngineProfile H100_7B =
      new EngineProfile("h100-7b", 0.032, 15, 7, 0.04, 128, 420_000, 16, 8192);

  private static final List<EngineProfile> BUILT_IN = List.of(A100_MISTRAL7B, H100_7B);

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if a component is out of range
   * @throws NullPointerException if {@code name} is {@code null}
   */
  public EngineProfile {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("profile name must not be blank");
    }
    requireFinite("tPrefillMsPerToken", tPrefillMsPerToken, Double.MIN_VALUE);
    requireFinite("prefillOverheadMs", prefillOverheadMs, 0);
    requireFinite("decodeBaseMs", decodeBaseMs, 0);
    requireFinite("decodePerSequenceMs", decodePerSequenceMs, 0);
    if (maxRunning < 1) {
      throw new IllegalArgumentException("maxRunning must be >= 1, was " + maxRunning);
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be >= 1, was " + pageSize);
    }
    if (kvCapacityTokens < pageSize) {
      throw new IllegalArgumentException(
          "kvCapacityTokens must hold at least one page, was " + kvCapacityTokens);
    }
    if (chunkedPrefillTokens < 1) {
      throw new IllegalArgumentException(
          "chunkedPrefillTokens must be >= 1, was " + chunkedPrefillTokens);
    }
  }

  private static void requireFinite(String what, double value, double min) {
    if (!(value >= min) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(what + " must be finite and >= " + min + ", was " + value);
    }
  }

  /**
   * Returns a built-in profile by name.
   *
   * @param name {@code "a100-mistral7b"} or {@code "h100-7b"}
   * @return the profile
   * @throws IllegalArgumentException if no built-in profile has that name (the message lists them)
   */
  public static EngineProfile named(String name) {
    for (EngineProfile p : BUILT_IN) {
      if (p.name.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown engine profile '" + name + "'; known profiles: " + names());
  }

  /**
   * The names of the built-in profiles.
   *
   * @return names, in a fixed order
   */
  public static List<String> names() {
    return BUILT_IN.stream().map(EngineProfile::name).toList();
  }

  /**
   * Duration of one prefill forward pass.
   *
   * @param uncachedTokens prompt tokens computed in the pass; at least 0
   * @return milliseconds
   */
  public double prefillMs(int uncachedTokens) {
    return prefillOverheadMs + tPrefillMsPerToken * uncachedTokens;
  }

  /**
   * Duration of one decode step.
   *
   * @param batch sequences decoded in the step; at least 0
   * @return milliseconds
   */
  public double decodeStepMs(int batch) {
    return decodeBaseMs + decodePerSequenceMs * batch;
  }

  /**
   * Returns a copy with another KV capacity.
   *
   * @param tokens capacity in tokens
   * @return the copy
   */
  public EngineProfile withKvCapacityTokens(long tokens) {
    return new EngineProfile(
        name,
        tPrefillMsPerToken,
        prefillOverheadMs,
        decodeBaseMs,
        decodePerSequenceMs,
        maxRunning,
        tokens,
        pageSize,
        chunkedPrefillTokens);
  }

  /**
   * Returns a copy with another cap on admitted requests.
   *
   * @param requests the cap
   * @return the copy
   */
  public EngineProfile withMaxRunning(int requests) {
    return new EngineProfile(
        name,
        tPrefillMsPerToken,
        prefillOverheadMs,
        decodeBaseMs,
        decodePerSequenceMs,
        requests,
        kvCapacityTokens,
        pageSize,
        chunkedPrefillTokens);
  }
}
