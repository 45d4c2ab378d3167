package dev.gorgo.cli.bench;

import java.util.SplittableRandom;

/**
 * Deterministic filler text. One "token" is a three-letter lower-case pseudo-word and a space (4
 * characters, the usual characters-per-token estimate), so a text of n tokens has 4n characters and
 * a router that counts characters / 4 sees n tokens.
 */
final class Words {
  static final int CHARS_PER_TOKEN = 4;
  private static final char[] CONSONANTS = "bcdfghjklmnprstvwz".toCharArray();
  private static final char[] VOWELS = "aeiou".toCharArray();

  private Words() {}

  /** Appends {@code tokens} pseudo-words drawn from {@code random}. */
  static void append(StringBuilder sb, SplittableRandom random, int tokens) {
    for (int i = 0; i < tokens; i++) {
      sb.append(CONSONANTS[random.nextInt(CONSONANTS.length)])
          .append(VOWELS[random.nextInt(VOWELS.length)])
          .append(CONSONANTS[random.nextInt(CONSONANTS.length)])
          .append(' ');
    }
  }

  /** Estimated tokens of a text written by someone else: characters / 4, at least 1. */
  static int estimateTokens(CharSequence text) {
    return Math.max(1, (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
  }

  /** Mixes a 64-bit value (SplitMix64 finaliser) so nearby seeds give unrelated streams. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
