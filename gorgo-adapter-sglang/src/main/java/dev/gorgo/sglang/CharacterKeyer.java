package dev.gorgo.sglang;

import dev.gorgo.api.PromptKey;
import java.util.Objects;

/**
 * One symbol per character (UTF-16 code unit), 0.25 tokens per symbol (the chars/4 estimate). The
 * most exact text keyer; keys are as long as the prompt. Prompts given as token ids map id {@code
 * t} to symbol {@code -1 - t} at 1 token per symbol, so they can never collide with characters
 * (which are 0..65535). Stateless and thread-safe.
 */
public final class CharacterKeyer implements PromptKeyer {
  static final CharacterKeyer INSTANCE = new CharacterKeyer();

  /** Estimated tokens per character. */
  public static final double TOKENS_PER_CHAR = 0.25;

  private CharacterKeyer() {}

  @Override
  public PromptKey key(ExtractedPrompt prompt) {
    int[] ids = prompt.tokenIds();
    if (ids != null) {
      return negatedIds(ids);
    }
    // An ExtractedPrompt holds exactly one of text and token ids.
    return key(Objects.requireNonNull(prompt.text()));
  }

  @Override
  public PromptKey key(CharSequence text) {
    int n = text.length();
    if (n == 0) {
      return PromptKey.empty();
    }
    int[] symbols = new int[n];
    if (text instanceof String) {
      // Bulk-copy chunks out of the string, then widen: faster than charAt per character.
      char[] chunk = new char[Math.min(n, 4096)];
      for (int start = 0; start < n; start += chunk.length) {
        int end = Math.min(n, start + chunk.length);
        ((String) text).getChars(start, end, chunk, 0);
        for (int i = start; i < end; i++) {
          symbols[i] = chunk[i - start];
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        symbols[i] = text.charAt(i);
      }
    }
    return PromptKey.wrap(symbols, TOKENS_PER_CHAR);
  }

  static PromptKey negatedIds(int[] ids) {
    Objects.requireNonNull(ids, "ids");
    if (ids.length == 0) {
      return PromptKey.empty();
    }
    int[] symbols = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      symbols[i] = -1 - ids[i];
    }
    return PromptKey.wrap(symbols, 1.0);
  }

  @Override
  public String toString() {
    return "CharacterKeyer";
  }
}
