package dev.gorgo.sglang;

import dev.gorgo.api.PromptKey;

/**
 * Turns an extracted prompt into the prefix trie's symbols ({@link PromptKey}). Prompts with equal
 * prefixes get keys with equal symbol prefixes (within the keyer's granularity: one character, one
 * block, or one token), so a trie match on symbols is a match on prompt text.
 *
 * <p>Three keyers ship: {@link #characters()} (exact, one symbol per character), {@link
 * #blocks(int)} (one hashed symbol per block of characters: shorter keys, coarser matches) and
 * {@link #tokens(Tokenizer)} (token ids, exact in tokens when a real tokenizer is plugged in).
 * Implementations must be thread-safe and deterministic.
 */
public interface PromptKeyer {
  /**
   * Makes the key of a prompt.
   *
   * @param prompt the extracted prompt; not {@code null}
   * @return its key, never {@code null} ({@link PromptKey#empty()} for an empty prompt)
   */
  PromptKey key(ExtractedPrompt prompt);

  /**
   * Makes the key of a routing text.
   *
   * @param text the text; not {@code null}
   * @return its key, never {@code null}
   */
  PromptKey key(CharSequence text);

  /**
   * Returns the character keyer (one symbol per UTF-16 code unit, 0.25 tokens per symbol).
   *
   * @return the shared keyer
   */
  static PromptKeyer characters() {
    return CharacterKeyer.INSTANCE;
  }

  /**
   * Returns a block keyer: one symbol per {@code blockChars} characters, the hash of that block.
   *
   * @param blockChars characters per block, at least 1 (16 is a good default)
   * @return a new keyer
   */
  static PromptKeyer blocks(int blockChars) {
    return new BlockHashKeyer(blockChars);
  }

  /**
   * Returns a token keyer: symbols are the tokenizer's ids (1 token per symbol).
   *
   * @param tokenizer the tokenizer; {@link Tokenizer#estimator()} when none is known
   * @return a new keyer
   */
  static PromptKeyer tokens(Tokenizer tokenizer) {
    return new TokenIdKeyer(tokenizer);
  }
}
