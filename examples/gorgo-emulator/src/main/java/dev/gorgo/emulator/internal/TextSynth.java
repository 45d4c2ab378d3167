package dev.gorgo.emulator.internal;

/**
 * Generates the emulated model's output: one three-letter word per output token, chosen by hashing
 * the seed, the prompt and the token's position, so the same request on a replica with the same
 * seed always yields the same text.
 *
 * <p>Each token's text is a space and three letters, exactly four characters, so the output
 * tokenizes back into the same tokens under the one-token-per-four-characters estimate used for
 * prompts ({@link PromptTokens}). That lets the engine cache a request's prompt and output
 * together, as SGLang does, and a conversation's next turn, whose prompt repeats the answer, reuses
 * it. Stateless and thread-safe.
 */
public final class TextSynth {
  private static final String[] WORDS = {
    "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was",
    "one", "our", "out", "day", "get", "has", "him", "his", "how", "man", "new", "now", "old",
    "see", "two", "way", "who", "boy", "did", "its", "let", "put", "say", "she", "too", "use",
    "hit", "map", "far", "net", "run", "set", "top", "low", "key", "end", "bit", "row", "log",
    "ask", "own", "job", "sum", "gap", "tag", "fit", "mix", "tie", "aim", "ray", "sky"
  };
  private static final int[] IDS = new int[WORDS.length];

  static {
    for (int i = 0; i < WORDS.length; i++) {
      IDS[i] = PromptTokens.tokenize(" " + WORDS[i])[0];
    }
  }

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
   * Chooses the words of an output.
   *
   * @param prompt prompt token ids
   * @param n output length in tokens
   * @return word indexes, one per output token
   */
  public int[] words(int[] prompt, int n) {
    long h = seed ^ 0x9E3779B97F4A7C15L;
    for (int t : prompt) {
      h = mix(h ^ t);
    }
    int[] words = new int[n];
    for (int i = 0; i < n; i++) {
      words[i] = (int) Math.floorMod(mix(h + i * 0x9E3779B97F4A7C15L), (long) WORDS.length);
    }
    return words;
  }

  /**
   * Returns the token ids of words, as the prompt tokenizer would produce for their text.
   *
   * @param words word indexes from {@link #words}
   * @return token ids
   */
  public static int[] tokenIds(int[] words) {
    int[] ids = new int[words.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = IDS[words[i]];
    }
    return ids;
  }

  /**
   * Returns the token id of a word.
   *
   * @param word a word index
   * @return its token id
   */
  public static int tokenId(int word) {
    return IDS[word];
  }

  /**
   * Returns the text of a word token: a space and three letters.
   *
   * @param word a word index
   * @return four characters
   */
  public static String text(int word) {
    return " " + WORDS[word];
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
