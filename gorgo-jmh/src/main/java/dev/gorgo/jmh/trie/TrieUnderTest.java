package dev.gorgo.jmh.trie;

import com.googlecode.concurrenttrees.radix.node.concrete.DefaultCharArrayNodeFactory;
import com.googlecode.concurrenttrees.radixinverted.ConcurrentInvertedRadixTree;
import dev.gorgo.trie.MatchResult;
import dev.gorgo.trie.PrefixTrie;
import java.util.Map;
import org.apache.commons.collections4.trie.PatriciaTrie;

/**
 * The three structures compared, behind one small interface: GORGO's {@link PrefixTrie} over {@code
 * int} symbols, and, over the same symbols as one char each, concurrent-trees' {@code
 * ConcurrentRadixTree} (through {@link ConcurrentInvertedRadixTree}, its longest-prefix front end,
 * with char-array nodes) and Commons Collections' {@link PatriciaTrie}.
 *
 * <p>Longest-prefix match: GORGO returns, per replica, the longest prefix of the query that a
 * stored key shares, and so does the PatriciaTrie adapter (closest key by {@code select}, then the
 * common prefix); ConcurrentRadixTree returns the longest stored key that is a prefix of the query
 * ({@code getValueForLongestKeyPrefixing}, its API's notion). On this workload all of them walk the
 * query's stored prefix once.
 */
abstract class TrieUnderTest {
  static final int REPLICAS = 8;

  abstract void insert(int[] key, String text, int replica, long tick);

  abstract void remove(int[] key, String text, int replica);

  /** Returns something derived from the match so that the JIT cannot drop it. */
  abstract int match(int[] key, String text, MatchResult result);

  abstract Object root();

  static TrieUnderTest create(String impl) {
    return switch (impl) {
      case "gorgo" -> new Gorgo();
      case "concurrentRadixTree" -> new Crt();
      case "patriciaTrie" -> new Patricia();
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    };
  }

  static final class Gorgo extends TrieUnderTest {
    final PrefixTrie trie = PrefixTrie.builder().maxReplicas(REPLICAS).build();

    @Override
    void insert(int[] key, String text, int replica, long tick) {
      trie.insert(key, key.length, replica, tick);
    }

    @Override
    void remove(int[] key, String text, int replica) {
      trie.remove(key, key.length, replica);
    }

    @Override
    int match(int[] key, String text, MatchResult result) {
      trie.match(key, key.length, result);
      return result.maxMatched();
    }

    @Override
    Object root() {
      return trie;
    }
  }

  static final class Crt extends TrieUnderTest {
    final ConcurrentInvertedRadixTree<Integer> tree =
        new ConcurrentInvertedRadixTree<>(new DefaultCharArrayNodeFactory());

    @Override
    void insert(int[] key, String text, int replica, long tick) {
      tree.put(text, replica);
    }

    @Override
    void remove(int[] key, String text, int replica) {
      tree.remove(text);
    }

    @Override
    int match(int[] key, String text, MatchResult result) {
      Integer v = tree.getValueForLongestKeyPrefixing(text);
      return v == null ? -1 : v;
    }

    @Override
    Object root() {
      return tree;
    }
  }

  /**
   * Not thread-safe, not even for concurrent reads (its sorted-map views check modification counts
   * and fail under concurrent use), so every call is synchronized.
   */
  static final class Patricia extends TrieUnderTest {
    final PatriciaTrie<Integer> trie = new PatriciaTrie<>();

    @Override
    synchronized void insert(int[] key, String text, int replica, long tick) {
      trie.put(text, replica);
    }

    @Override
    synchronized void remove(int[] key, String text, int replica) {
      trie.remove(text);
    }

    /**
     * Longest common prefix of the query with any stored key: a PATRICIA search ({@code select})
     * ends at the key that agrees with the query on every tested bit, which shares the longest
     * prefix with it; then one comparison.
     */
    @Override
    synchronized int match(int[] key, String text, MatchResult result) {
      Map.Entry<String, Integer> closest = trie.select(text);
      if (closest == null) {
        return 0;
      }
      String k = closest.getKey();
      int n = Math.min(k.length(), text.length());
      int common = 0;
      while (common < n && k.charAt(common) == text.charAt(common)) {
        common++;
      }
      return common;
    }

    @Override
    Object root() {
      return trie;
    }
  }
}
