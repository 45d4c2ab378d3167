package dev.gorgo.cli.bench;

import java.util.SplittableRandom;

/**
 * Renders a Mooncake trace request as text. Each 512-token block id maps to its own deterministic
 * pseudo-text (seeded by the id only), so two requests whose hash ids agree on a prefix get texts
 * that agree on the same prefix, and a server's prefix cache sees exactly the reuse the trace
 * records. A partial last block is a prefix of that block's full text.
 */
public final class MooncakeText {
  /** Tokens per block in the Mooncake traces. */
  public static final int BLOCK_TOKENS = 512;

  private MooncakeText() {}

  /**
   * Renders a request.
   *
   * @param hashIds the request's block ids, in order
   * @param inputTokens the exact input length in tokens; the last block is cut to fit
   * @return the text, {@code 4 * inputTokens} characters (fewer blocks' worth if ids run out)
   */
  public static String render(int[] hashIds, int inputTokens) {
    StringBuilder sb = new StringBuilder(inputTokens * Words.CHARS_PER_TOKEN);
    int remaining = inputTokens;
    for (int i = 0; i < hashIds.length && remaining > 0; i++) {
      int n = Math.min(BLOCK_TOKENS, remaining);
      Words.append(sb, new SplittableRandom(Words.mix(0x6d6f6f6eL ^ hashIds[i])), n);
      remaining -= n;
    }
    return sb.toString();
  }
}
