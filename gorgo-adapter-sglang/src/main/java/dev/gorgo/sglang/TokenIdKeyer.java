package dev.gorgo.sglang;

import dev.gorgo.api.PromptKey;
import java.util.Objects;

/**
 * Symbols are token ids, 1 token per symbol: prompts given as ids are used as they are, text is
 * encoded with the {@link Tokenizer}. With the served model's tokenizer, matched lengths are exact
 * token counts; with {@link Tokenizer#estimator()} it behaves like 4-character blocks. Immutable
 * and thread-safe when the tokenizer is.
 */
public final class TokenIdKeyer implements PromptKeyer {
  private final Tokenizer tokenizer;

  /**
   * Creates a keyer.
   *
   * @param tokenizer the tokenizer for text prompts; not {@code null}
   */
  public TokenIdKeyer(Tokenizer tokenizer) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
  }

  @Override
  public PromptKey key(ExtractedPrompt prompt) {
    int[] ids = prompt.tokenIds();
    if (ids != null) {
      return ids.length == 0 ? PromptKey.empty() : PromptKey.wrap(ids.clone(), 1.0);
    }
    // An ExtractedPrompt holds exactly one of text and token ids.
    return key(Objects.requireNonNull(prompt.text()));
  }

  @Override
  public PromptKey key(CharSequence text) {
    if (text.length() == 0) {
      return PromptKey.empty();
    }
    int[] ids = tokenizer.encode(text);
    return ids.length == 0 ? PromptKey.empty() : PromptKey.wrap(ids, 1.0);
  }

  @Override
  public String toString() {
    return "TokenIdKeyer[" + tokenizer + "]";
  }
}
