package dev.gorgo.trie;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Renders small tries as text and compares them with the expected pictures. */
class PrefixTrieGoldenTest {
  private static String render(PrefixTrie trie) {
    return trie.locked(() -> TrieWalker.render(trie.root(), 6));
  }

  private static void insert(PrefixTrie trie, int replica, long tick, int... key) {
    trie.insert(key, key.length, replica, tick);
  }

  @Test
  void splitKeepsTheSharedPrefixWithBothHolders() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(4).build();
    insert(trie, 0, 1, 1, 2, 3, 4, 5);
    insert(trie, 0, 2, 1, 2, 3, 6);
    insert(trie, 2, 3, 1, 2, 9);
    insert(trie, 3, 4, 7);
    assertThat(render(trie))
        .isEqualTo(
            """
            (root)
            |-- [1 2] {0,2}
            |   |-- [3] {0}
            |   |   |-- [4 5] {0}
            |   |   `-- [6] {0}
            |   `-- [9] {2}
            `-- [7] {3}
            """);
  }

  @Test
  void insertEndingInsideAnEdgeSplitsIt() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(2).build();
    insert(trie, 0, 1, 5, 6, 7, 8);
    insert(trie, 1, 2, 5, 6);
    assertThat(render(trie))
        .isEqualTo(
            """
            (root)
            `-- [5 6] {0,1}
                `-- [7 8] {0}
            """);
  }

  @Test
  void evictionRemovesLeavesNobodyHoldsAndKeepsSharedOnes() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(2).build();
    insert(trie, 0, 1, 1, 2, 3);
    insert(trie, 1, 2, 1, 2, 3);
    insert(trie, 0, 3, 1, 2, 4);
    trie.evict(0, 1); // LRU leaf of 0 is [3]; replica 1 still holds it
    trie.evict(0, 1); // next: [4], held by nobody else, goes away
    assertThat(render(trie))
        .isEqualTo(
            """
            (root)
            `-- [1 2] {0,1}
                `-- [3] {1}
            """);
    trie.removeReplica(1);
    assertThat(render(trie))
        .isEqualTo(
            """
            (root)
            `-- [1 2] {0}
            """);
  }

  @Test
  void longEdgesAreAbbreviatedAndChildrenSorted() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(1).build();
    insert(trie, 0, 1, 30, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    insert(trie, 0, 2, 10);
    insert(trie, 0, 3, 20, 21);
    assertThat(render(trie))
        .isEqualTo(
            """
            (root)
            |-- [10] {0}
            |-- [20 21] {0}
            `-- [30 1 2 3 4 5 ... (10 symbols)] {0}
            """);
  }

  @Test
  void removeTakesTheUniqueSuffixOnly() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(1).build();
    insert(trie, 0, 1, 1, 2);
    insert(trie, 0, 2, 1, 2, 3, 4);
    insert(trie, 0, 3, 1, 2, 3, 5);
    trie.remove(new int[] {1, 2, 3, 4}, 4, 0);
    assertThat(render(trie))
        .isEqualTo(
            """
            (root)
            `-- [1 2] {0}
                `-- [3] {0}
                    `-- [5] {0}
            """);
    trie.remove(new int[] {1, 2, 3, 5}, 4, 0);
    assertThat(render(trie))
        .isEqualTo(
            """
            (root)
            `-- [1 2] {0}
            """);
  }
}
