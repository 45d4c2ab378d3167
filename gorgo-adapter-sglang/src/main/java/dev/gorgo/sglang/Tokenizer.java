package dev.gorgo.sglang;

/**
 * Turns routing text into token ids, for {@link TokenIdKeyer}. Plug in the served model's real
 * tokenizer (for example through a native library or a sidecar) to make prompt keys count exact
 * tokens; the default {@link #estimator()} needs nothing and approximates.
 *
 * <p>Implementations must be thread-safe and deterministic: equal text gives equal ids, and a text
 * that extends another gives ids that extend the other's ids (except possibly near the end, where
 * real tokenizers may merge differently).
 */
public interface Tokenizer {
  /**
   * Encodes text into token ids.
   *
   * @param text the text; not {@code null}
   * @return the token ids (a new array the caller owns), never {@code null}
   */
  int[] encode(CharSequence text);

  /**
   * Returns the estimator tokenizer: one pseudo token per 4 characters (the original system's
   * {@code (len + 3) / 4} estimate), whose id is a hash of those 4 characters. It keeps prefix
   * structure on 4-character boundaries and counts tokens the way the paper's router did.
   *
   * @return the shared, thread-safe estimator
   */
  static Tokenizer estimator() {
    return BlockHashKeyer.ESTIMATOR;
  }
}
