package dev.gorgo.emulator.internal;

/**
 * Turns prompt text into token ids the way the router estimates them: one token per four characters
 * (UTF-16 code units), the last partial block counting as a token.
 *
 * <p>Each token id is a hash of its four characters only, so two prompts that share a prefix share
 * the token ids of every complete block of it, and a repeated prompt hits the engine's prefix cache
 * in full. Stateless and thread-safe.
 */
public final class PromptTokens {
  /** Characters per estimated token. */
  public static final int CHARS_PER_TOKEN = 4;

  /** Token ids are below this bound (a plausible vocabulary size). */
  static final int VOCABULARY = 1 << 17;

  private PromptTokens() {}

  /**
   * Returns the number of tokens a text is estimated to have.
   *
   * @param text the text
   * @return {@code ceil(length / 4)}
   */
  public static int count(CharSequence text) {
    return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  /**
   * Tokenizes a text.
   *
   * @param text the text
   * @return one token id per four characters
   */
  public static int[] tokenize(CharSequence text) {
    int n = count(text);
    int[] tokens = new int[n];
    for (int t = 0; t < n; t++) {
      int h = 0x9E3779B9;
      int end = Math.min(text.length(), (t + 1) * CHARS_PER_TOKEN);
      for (int i = t * CHARS_PER_TOKEN; i < end; i++) {
        h = (h ^ text.charAt(i)) * 0x01000193;
      }
      h ^= h >>> 15;
      tokens[t] = Math.floorMod(h, VOCABULARY);
    }
    return tokens;
  }
}
