package dev.gorgo.sglang;

import dev.gorgo.api.PromptKey;

/**
 * One symbol per block of {@code blockChars} characters: a 32-bit hash of the block's characters
 * (the last, partial block included, hashed with its length so it differs from any full block with
 * the same start). Keys are {@code blockChars} times shorter than character keys, so the trie is
 * smaller and faster, and matches are counted in whole blocks. Two prompts with equal first {@code
 * k * blockChars} characters get equal first {@code k} symbols. Token-id prompts map as in {@link
 * CharacterKeyer}. Immutable and thread-safe.
 */
public final class BlockHashKeyer implements PromptKeyer, Tokenizer {
  static final BlockHashKeyer ESTIMATOR = new BlockHashKeyer(4);

  private final int blockChars;
  private final double tokensPerSymbol;

  /**
   * Creates a keyer.
   *
   * @param blockChars characters per block, at least 1
   * @throws IllegalArgumentException if {@code blockChars < 1}
   */
  public BlockHashKeyer(int blockChars) {
    if (blockChars < 1) {
      throw new IllegalArgumentException("blockChars must be >= 1, was " + blockChars);
    }
    this.blockChars = blockChars;
    this.tokensPerSymbol = blockChars * CharacterKeyer.TOKENS_PER_CHAR;
  }

  /**
   * Returns the characters per block.
   *
   * @return block size in characters
   */
  public int blockChars() {
    return blockChars;
  }

  @Override
  public PromptKey key(ExtractedPrompt prompt) {
    if (prompt.hasTokenIds()) {
      return CharacterKeyer.negatedIds(prompt.tokenIds());
    }
    return key(prompt.text());
  }

  @Override
  public PromptKey key(CharSequence text) {
    if (text.length() == 0) {
      return PromptKey.empty();
    }
    return PromptKey.wrap(encode(text), tokensPerSymbol);
  }

  /**
   * Returns the block hashes of a text (this keyer's symbols without the key wrapper).
   *
   * @param text the text
   * @return one hash per block, {@code ceil(length / blockChars)} of them
   */
  @Override
  public int[] encode(CharSequence text) {
    int n = text.length();
    int blocks = (n + blockChars - 1) / blockChars;
    int[] out = new int[blocks];
    for (int b = 0; b < blocks; b++) {
      int from = b * blockChars;
      int to = Math.min(n, from + blockChars);
      int h = 0x811C9DC5;
      for (int i = from; i < to; i++) {
        h = (h ^ text.charAt(i)) * 0x01000193;
      }
      if (to - from < blockChars) {
        h = (h ^ (to - from)) * 0x01000193 ^ 0x5bd1e995;
      }
      // Final avalanche so nearby blocks spread over the trie's child arrays.
      h ^= h >>> 16;
      h *= 0x85EBCA6B;
      h ^= h >>> 13;
      out[b] = h;
    }
    return out;
  }

  @Override
  public String toString() {
    return "BlockHashKeyer[" + blockChars + " chars]";
  }
}
