package dev.gorgo.jmh.trie;

import com.googlecode.concurrenttrees.radix.node.concrete.DefaultCharArrayNodeFactory;
import com.googlecode.concurrenttrees.radixinverted.ConcurrentInvertedRadixTree;
import dev.gorgo.trie.MatchResult;
import dev.gorgo.trie.PrefixTrie;
import java.util.SortedMap;
import org.apache.commons.collections4.trie.PatriciaTrie;

/**
 * The three structures compared, behind one small interface: GORGO's {@link PrefixTrie} over
 * {@code int} symbols, and, over the same symbols as one char each, concurrent-trees' {@code
 * ConcurrentRadixTree} (through {@link ConcurrentInvertedRadixTree}, its longest-prefix front end,
 * with char-array nodes) and Commons Collections' {@link PatriciaTrie}.
 *
 * <p>Longest-prefix match: GORGO returns, per replica, the longest prefix of the query that a
 * stored key shares; the peers return the longest stored key that is a prefix of the query (their
 * API's notion). On this workload both walk the query's stored prefix once.
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

  /** Not thread-safe: writes are synchronized; reads run unsynchronized only without writers. */
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

    /** Longest stored key prefixing the query, through the sorted-map view. */
    @Override
    int match(int[] key, String text, MatchResult result) {
      String q = text;
      while (!q.isEmpty()) {
        Integer v = trie.get(q);
        if (v != null) {
          return q.length();
        }
        SortedMap<String, Integer> below = trie.headMap(q);
        if (below.isEmpty()) {
          return 0;
        }
        String floor = below.lastKey();
        int n = Math.min(floor.length(), q.length());
        int common = 0;
        while (common < n && floor.charAt(common) == q.charAt(common)) {
          common++;
        }
        q = q.substring(0, common);
      }
      return 0;
    }

    @Override
    Object root() {
      return trie;
    }
  }
}
