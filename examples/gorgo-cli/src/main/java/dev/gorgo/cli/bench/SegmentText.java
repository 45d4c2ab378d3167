package dev.gorgo.cli.bench;

import java.util.SplittableRandom;

/**
 * Renders segmented prompts as text. A prompt is a list of segments (a 512-token block of a
 * Mooncake trace, a system prompt or one message of a simulated conversation); each segment id maps
 * to its own deterministic pseudo-text, seeded by the id only. So two prompts that agree on their
 * first k segments agree on exactly that text prefix, and a server's prefix cache sees exactly the
 * reuse the trace records. A shortened segment is a prefix of that segment's full text.
 */
public final class SegmentText {
  /** Tokens per block in the Mooncake traces. */
  public static final int MOONCAKE_BLOCK_TOKENS = 512;

  private SegmentText() {}

  /**
   * Renders a prompt.
   *
   * @param ids segment ids, in order
   * @param lengths tokens of each segment
   * @return the text, 4 characters per token
   */
  public static String render(int[] ids, int[] lengths) {
    int total = 0;
    for (int len : lengths) {
      total += len;
    }
    StringBuilder sb = new StringBuilder(total * Words.CHARS_PER_TOKEN);
    for (int i = 0; i < ids.length; i++) {
      Words.append(sb, new SplittableRandom(Words.mix(0x6d6f6f6eL ^ ids[i])), lengths[i]);
    }
    return sb.toString();
  }

  /**
   * The segment lengths of a Mooncake request: 512 tokens per block id, the last block cut (or, if
   * the ids run out, extended) so that the total is exactly {@code inputTokens}; ids beyond it are
   * dropped.
   *
   * @param blocks number of block ids
   * @param inputTokens the exact input length
   * @return one length per block that holds at least one token
   */
  public static int[] mooncakeLengths(int blocks, int inputTokens) {
    int n = Math.min(blocks, (inputTokens + MOONCAKE_BLOCK_TOKENS - 1) / MOONCAKE_BLOCK_TOKENS);
    int[] lengths = new int[n];
    java.util.Arrays.fill(lengths, MOONCAKE_BLOCK_TOKENS);
    lengths[n - 1] = inputTokens - MOONCAKE_BLOCK_TOKENS * (n - 1);
    return lengths;
  }
}
