package dev.gorgo.jmh.trie;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic but realistically shared prompt workload, deterministic for a seed.
 *
 * <ul>
 *   <li>64 system prompts of 256 to 2,048 symbols, chosen per conversation with Zipf(1.1)
 *       popularity, so a few are shared by most conversations.
 *   <li>Conversations grow by appending turns of 64 to 512 symbols; every turn is a prompt (the
 *       whole history so far), so consecutive prompts of a conversation share all but the last
 *       turn. Conversations have 1 to 9 turns.
 *   <li>One conversation in 64 is a long-document conversation whose first turn is a document of 8K
 *       to 72K symbols, so that keys of 16K and 64K symbols find long stored prefixes.
 * </ul>
 *
 * Symbols are token-like ids below 50,000. {@link #query(int, SplittableRandom)} builds a key of an
 * exact length as the next turn of a stored conversation: about 7/8 of it is a stored prefix and
 * the rest is new, which is what a router sees for a follow-up request.
 */
final class PromptWorkload {
  static final int VOCABULARY = 50_000;

  final List<int[]> prompts = new ArrayList<>();
  final List<int[]> conversations = new ArrayList<>();
  final List<Integer> conversationOfPrompt = new ArrayList<>();
  private final int[][] systemPrompts = new int[64][];

  PromptWorkload(int promptCount, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < systemPrompts.length; i++) {
      systemPrompts[i] = randomSymbols(rnd, 256 + rnd.nextInt(1793));
    }
    double[] zipf = zipfCdf(systemPrompts.length, 1.1);
    int c = 0;
    while (prompts.size() < promptCount) {
      int[] system = systemPrompts[sample(zipf, rnd)];
      int turns = 1 + rnd.nextInt(9);
      boolean document = c % 64 == 0;
      int[] history = system;
      for (int t = 0; t < turns && prompts.size() < promptCount; t++) {
        int turnLength = document && t == 0 ? 8192 + rnd.nextInt(65_537) : 64 + rnd.nextInt(449);
        history = append(history, randomSymbols(rnd, turnLength));
        prompts.add(history);
        conversationOfPrompt.add(c);
      }
      conversations.add(history);
      c++;
    }
  }

  /**
   * Inserts every prompt into {@code trie}: mostly one replica per conversation, one prompt in five
   * elsewhere, so shared prefixes have several holders.
   */
  void loadInto(TrieUnderTest trie, boolean strings) {
    for (int i = 0; i < prompts.size(); i++) {
      int[] p = prompts.get(i);
      int replica = (i % 5 == 0 ? i : conversationOfPrompt.get(i)) % TrieUnderTest.REPLICAS;
      trie.insert(p, strings ? toText(p) : null, replica, i);
    }
  }

  long totalPromptSymbols() {
    long n = 0;
    for (int[] p : prompts) {
      n += p.length;
    }
    return n;
  }

  /**
   * Returns a key of exactly {@code length} symbols: the first {@code 7/8} taken from a stored
   * conversation long enough (a random one; the longest if none is), the rest new.
   */
  int[] query(int length, SplittableRandom rnd) {
    int shared = length - Math.max(1, length / 8);
    List<int[]> candidates = new ArrayList<>();
    int[] longest = conversations.get(0);
    for (int[] conv : conversations) {
      if (conv.length >= shared) {
        candidates.add(conv);
      }
      if (conv.length > longest.length) {
        longest = conv;
      }
    }
    int[] source = candidates.isEmpty() ? longest : candidates.get(rnd.nextInt(candidates.size()));
    int[] key = Arrays.copyOf(source, length);
    for (int i = Math.min(shared, source.length); i < length; i++) {
      key[i] = rnd.nextInt(VOCABULARY);
    }
    return key;
  }

  /** The same symbols as a string, one char per symbol (for the string-keyed peers). */
  static String toText(int[] symbols) {
    char[] chars = new char[symbols.length];
    for (int i = 0; i < symbols.length; i++) {
      chars[i] = (char) (0x100 + symbols[i]); // 0x100..0xC44F: no surrogates
    }
    return new String(chars);
  }

  private static int[] randomSymbols(SplittableRandom rnd, int n) {
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = rnd.nextInt(VOCABULARY);
    }
    return s;
  }

  private static int[] append(int[] a, int[] b) {
    int[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static double[] zipfCdf(int n, double s) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, s);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
    return cdf;
  }

  private static int sample(double[] cdf, SplittableRandom rnd) {
    int i = Arrays.binarySearch(cdf, rnd.nextDouble());
    return Math.min(cdf.length - 1, i < 0 ? -i - 1 : i);
  }
}
