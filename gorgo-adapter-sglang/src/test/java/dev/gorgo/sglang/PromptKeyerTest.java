package dev.gorgo.sglang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gorgo.api.PromptKey;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PromptKeyerTest {
  static List<PromptKeyer> keyers() {
    return List.of(
        PromptKeyer.characters(),
        PromptKeyer.blocks(16),
        PromptKeyer.blocks(1),
        PromptKeyer.tokens(Tokenizer.estimator()));
  }

  /** Granularity in characters of one symbol. */
  private static int granularity(PromptKeyer k) {
    if (k instanceof BlockHashKeyer) {
      return ((BlockHashKeyer) k).blockChars();
    }
    return k instanceof TokenIdKeyer ? 4 : 1;
  }

  @ParameterizedTest
  @MethodSource("keyers")
  void equalPrefixesGiveEqualSymbolPrefixes(PromptKeyer keyer) {
    long seed = System.nanoTime();
    System.out.println("PromptKeyerTest seed " + seed + " for " + keyer);
    Random random = new Random(seed);
    int g = granularity(keyer);
    for (int i = 0; i < 300; i++) {
      String common = randomText(random, random.nextInt(i < 280 ? 200 : 10_000));
      String a = common + randomText(random, random.nextInt(50));
      String b = common + randomText(random, random.nextInt(50));
      assertThat(keyer.key(new StringBuilder(a))).as("seed %d", seed).isEqualTo(keyer.key(a));
      int[] ka = keyer.key(a).symbols();
      int[] kb = keyer.key(b).symbols();
      int shared = common.length() / g;
      assertThat(Arrays.copyOf(ka, Math.min(shared, ka.length)))
          .as("seed %d", seed)
          .isEqualTo(Arrays.copyOf(kb, Math.min(shared, kb.length)));
      if (!a.equals(b) && a.length() == b.length()) {
        assertThat(keyer.key(a)).isNotEqualTo(keyer.key(b));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("keyers")
  void tokenEstimatesFollowCharactersOverFour(PromptKeyer keyer) {
    PromptKey key = keyer.key("x".repeat(400));
    assertThat(key.estimatedTokens()).isEqualTo(100);
    assertThat(keyer.key("")).isEqualTo(PromptKey.empty());
  }

  @Test
  void characterKeysAreTheCharacters() {
    assertThat(PromptKeyer.characters().key("ab").symbols()).containsExactly('a', 'b');
  }

  @Test
  void tokenIdPromptsNeverCollideWithCharacters() {
    ExtractedPrompt ids = new ExtractedPrompt(null, new int[] {97, 98}, null, false, null, -1);
    int[] symbols = PromptKeyer.characters().key(ids).symbols();
    assertThat(symbols).containsExactly(-98, -99);
    assertThat(PromptKeyer.characters().key(ids).tokensPerSymbol()).isEqualTo(1.0);
    assertThat(PromptKeyer.tokens(Tokenizer.estimator()).key(ids).symbols())
        .containsExactly(97, 98);
  }

  @Test
  void customTokenizerIdsAreTheSymbols() {
    Tokenizer bytes = text -> text.chars().map(c -> c + 1000).toArray();
    PromptKey key = PromptKeyer.tokens(bytes).key("hi");
    assertThat(key.symbols()).containsExactly(1104, 1105);
    assertThat(key.tokensPerSymbol()).isEqualTo(1.0);
  }

  @Test
  void partialLastBlockDiffersFromFullBlock() {
    PromptKeyer k = PromptKeyer.blocks(4);
    int[] shortKey = k.key("abcdab").symbols();
    int[] longKey = k.key("abcdabcd").symbols();
    assertThat(shortKey[0]).isEqualTo(longKey[0]);
    assertThat(shortKey[1]).isNotEqualTo(longKey[1]);
  }

  private static String randomText(Random random, int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] =
          random.nextInt(8) == 0
              ? (char) (0x400 + random.nextInt(64))
              : (char) ('a' + random.nextInt(4));
    }
    return new String(c);
  }
}
