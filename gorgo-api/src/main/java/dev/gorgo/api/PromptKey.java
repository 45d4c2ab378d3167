package dev.gorgo.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * The routing key of a prompt: a sequence of {@code int} symbols that the prefix trie matches, plus
 * how many tokens one symbol stands for, so that matched lengths convert to tokens.
 *
 * <p>Symbols may be characters, hashes of fixed-size character blocks, or token ids; two prompts
 * that share a prefix must share the corresponding prefix of symbols. The key does not copy its
 * array: the caller hands it over and must not modify it afterwards, and {@link #symbols()} returns
 * the same array, which readers must not modify either. With that rule honoured, a key is immutable
 * and thread-safe.
 */
public final class PromptKey {
  private static final PromptKey EMPTY = new PromptKey(new int[0], 1.0);

  private final int[] symbols;
  private final double tokensPerSymbol;

  private PromptKey(int[] symbols, double tokensPerSymbol) {
    this.symbols = symbols;
    this.tokensPerSymbol = tokensPerSymbol;
  }

  /**
   * Wraps an array of symbols without copying it.
   *
   * @param symbols the symbols; ownership passes to the key
   * @param tokensPerSymbol tokens one symbol stands for (1 for token ids, about 0.25 for
   *     characters); finite and positive
   * @return the key
   * @throws IllegalArgumentException if {@code tokensPerSymbol} is not finite and positive
   */
  public static PromptKey wrap(int[] symbols, double tokensPerSymbol) {
    Objects.requireNonNull(symbols, "symbols");
    if (!(tokensPerSymbol > 0) || Double.isInfinite(tokensPerSymbol)) {
      throw new IllegalArgumentException(
          "tokensPerSymbol must be finite and > 0, was " + tokensPerSymbol);
    }
    return new PromptKey(symbols, tokensPerSymbol);
  }

  /**
   * Returns the empty key (a request without routable prompt text).
   *
   * @return the empty key
   */
  public static PromptKey empty() {
    return EMPTY;
  }

  /**
   * Returns the symbols. The array is shared, not copied: do not modify it.
   *
   * @return the symbols
   */
  public int[] symbols() {
    return symbols;
  }

  /**
   * Returns the number of symbols.
   *
   * @return length in symbols
   */
  public int length() {
    return symbols.length;
  }

  /**
   * Returns how many tokens one symbol stands for.
   *
   * @return tokens per symbol, finite and positive
   */
  public double tokensPerSymbol() {
    return tokensPerSymbol;
  }

  /**
   * Converts a length in symbols of this key to an estimate in tokens.
   *
   * @param symbolCount a length in symbols
   * @return the estimated number of tokens, rounded to the nearest whole token
   */
  public int toTokens(int symbolCount) {
    return (int) Math.round(symbolCount * tokensPerSymbol);
  }

  /**
   * Returns the estimated number of tokens of the whole key.
   *
   * @return tokens
   */
  public int estimatedTokens() {
    return toTokens(symbols.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PromptKey other
        && tokensPerSymbol == other.tokensPerSymbol
        && Arrays.equals(symbols, other.symbols);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(symbols) + Double.hashCode(tokensPerSymbol);
  }

  /** Describes the key by length only: prompt content never appears in logs. */
  @Override
  public String toString() {
    return "PromptKey[" + symbols.length + " symbols, " + tokensPerSymbol + " tokens/symbol]";
  }
}
