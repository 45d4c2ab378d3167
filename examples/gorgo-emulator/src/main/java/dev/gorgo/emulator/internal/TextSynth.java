package dev.gorgo.emulator.internal;

/**
 * Generates the emulated model's output: one word per output token, chosen by hashing the seed, the
 * prompt and the token's position, so the same request on a replica with the same seed always
 * yields the same text. Stateless and thread-safe.
 */
public final class TextSynth {
  private static final String[] WORDS = {
    "the", "route", "cache", "prefix", "token", "region", "latency", "replica", "queue", "model",
    "prefill", "decode", "batch", "stream", "request", "answer", "fast", "near", "far", "warm",
    "cold", "shared", "history", "turn", "system", "prompt", "of", "and", "to", "in", "a", "is",
    "for", "with", "on", "that", "by", "from", "as", "at", "we", "it", "this", "can", "will",
    "more", "less", "time", "first", "next", "load", "cost", "path", "node", "tree", "block",
    "page", "hit", "miss", "link", "edge", "west", "east", "north"
  };

  private final long seed;

  /**
   * Creates a generator.
   *
   * @param seed the replica's seed
   */
  public TextSynth(long seed) {
    this.seed = seed;
  }

  /**
   * Returns a hash of a prompt that seeds its output.
   *
   * @param prompt prompt token ids
   * @return the hash
   */
  public long promptHash(int[] prompt) {
    long h = seed ^ 0x9E3779B97F4A7C15L;
    for (int t : prompt) {
      h = mix(h ^ t);
    }
    return h;
  }

  /**
   * Returns the id of an output token.
   *
   * @param promptHash from {@link #promptHash}
   * @param index zero-based output position
   * @return a token id
   */
  public int tokenId(long promptHash, int index) {
    return (int) Math.floorMod(mix(promptHash + index * 0x9E3779B97F4A7C15L), (long) WORDS.length);
  }

  /**
   * Returns the text of an output token: a space and a word.
   *
   * @param tokenId from {@link #tokenId}
   * @return the text
   */
  public String text(int tokenId) {
    return " " + WORDS[tokenId];
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
