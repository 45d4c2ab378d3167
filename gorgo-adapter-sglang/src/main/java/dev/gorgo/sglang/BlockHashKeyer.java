package dev.gorgo.sglang;

import dev.gorgo.api.PromptKey;
import java.util.Objects;

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
    int[] ids = prompt.tokenIds();
    if (ids != null) {
      return CharacterKeyer.negatedIds(ids);
    }
    // An ExtractedPrompt holds exactly one of text and token ids.
    return key(Objects.requireNonNull(prompt.text()));
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
    // Characters are copied out in chunks of whole blocks (String.getChars is a bulk copy), and
    // each block is hashed in four interleaved lanes so the multiply chains run in parallel.
    int perChunk = Math.max(1, CHUNK_CHARS / blockChars) * blockChars;
    char[] chunk = new char[Math.min(perChunk, Math.max(n, 1))];
    int b = 0;
    for (int chunkStart = 0; chunkStart < n; chunkStart += perChunk) {
      int chunkEnd = Math.min(n, chunkStart + perChunk);
      copy(text, chunkStart, chunkEnd, chunk);
      for (int from = 0; from < chunkEnd - chunkStart; from += blockChars) {
        int to = Math.min(chunkEnd - chunkStart, from + blockChars);
        out[b++] = hash(chunk, from, to, to - from < blockChars);
      }
    }
    return out;
  }

  private static final int CHUNK_CHARS = 4096;

  private static void copy(CharSequence text, int from, int to, char[] into) {
    if (text instanceof String) {
      ((String) text).getChars(from, to, into, 0);
    } else {
      for (int i = from; i < to; i++) {
        into[i - from] = text.charAt(i);
      }
    }
  }

  private static int hash(char[] c, int from, int to, boolean partial) {
    int h0 = 0x811C9DC5;
    int h1 = 0x01000193;
    int h2 = 0x5bd1e995;
    int h3 = 0x27d4eb2d;
    int i = from;
    for (; i + 3 < to; i += 4) {
      h0 = 31 * h0 + c[i];
      h1 = 31 * h1 + c[i + 1];
      h2 = 31 * h2 + c[i + 2];
      h3 = 31 * h3 + c[i + 3];
    }
    for (; i < to; i++) {
      h0 = 31 * h0 + c[i];
    }
    int h = h0 * 0x9E3779B1 + h1 * 0x85EBCA77 + h2 * 0xC2B2AE3D + h3;
    if (partial) {
      h = (h ^ (to - from)) * 0x01000193 ^ 0x5bd1e995;
    }
    // Final avalanche so nearby blocks spread over the trie's child arrays.
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    return h;
  }

  @Override
  public String toString() {
    return "BlockHashKeyer[" + blockChars + " chars]";
  }
}
