package dev.gorgo.trie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gorgo.api.PromptKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PrefixTrieTest {
  private static final long NO_CAP = Long.MAX_VALUE;

  private static int[] k(int... symbols) {
    return symbols;
  }

  private static MatchResult match(PrefixTrie trie, int... key) {
    MatchResult r = new MatchResult(trie.maxReplicas());
    trie.match(key, key.length, r);
    return r;
  }

  private static void insert(PrefixTrie trie, int replica, long tick, int... key) {
    trie.insert(key, key.length, replica, tick);
  }

  private static long[] caps(PrefixTrie trie) {
    long[] caps = new long[trie.maxReplicas()];
    Arrays.setAll(caps, trie::replicaCap);
    return caps;
  }

  @Test
  void emptyTrieMatchesNothing() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(4).build();
    MatchResult r = match(trie, 1, 2, 3);
    assertThat(r.maxMatched()).isZero();
    assertThat(r.bestReplica()).isEqualTo(-1);
    assertThat(r.matched(0)).isZero();
  }

  @Test
  void matchReportsLongestPrefixPerReplica() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(4).build();
    insert(trie, 0, 1, 1, 2, 3, 4, 5);
    insert(trie, 1, 2, 1, 2, 3, 9);
    insert(trie, 2, 3, 7, 7);

    MatchResult r = match(trie, 1, 2, 3, 4, 6);
    assertThat(r.matched(0)).isEqualTo(4);
    assertThat(r.matched(1)).isEqualTo(3);
    assertThat(r.matched(2)).isZero();
    assertThat(r.maxMatched()).isEqualTo(4);
    assertThat(r.bestReplica()).isZero();

    r = match(trie, 1, 2);
    assertThat(r.matched(0)).isEqualTo(2);
    assertThat(r.matched(1)).isEqualTo(2);
    assertThat(r.bestReplica()).isZero();
    TrieInvariants.check(trie, caps(trie), NO_CAP);
  }

  @Test
  void matchHonoursLengthArgument() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(2).build();
    trie.insert(k(1, 2, 3, 4), 2, 1, 0);
    MatchResult r = new MatchResult(2);
    trie.match(k(1, 2, 3, 4), 4, r);
    assertThat(r.matched(1)).isEqualTo(2);
    trie.match(k(1, 2, 3, 4), 1, r);
    assertThat(r.matched(1)).isEqualTo(1);
    assertThat(trie.symbols(1)).isEqualTo(2);
  }

  @Test
  void regressionSharedPrefixStaysOwnedAfterSplit() {
    // The original recorded a replica only where an insert ended; a split then left the shared
    // prefix [1 2 3] owned by nobody, and a third prompt [1 2 3 7] matched 0 for replica 0.
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(2).build();
    insert(trie, 0, 1, 1, 2, 3, 4, 5);
    insert(trie, 0, 2, 1, 2, 3, 6);
    MatchResult r = match(trie, 1, 2, 3, 7);
    assertThat(r.matched(0)).isEqualTo(3);
    assertThat(trie.symbols(0)).isEqualTo(6);
    TrieInvariants.check(trie, caps(trie), NO_CAP);
  }

  @Test
  void perReplicaCapEvictsLeastRecentlyUsedFirst() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(2).perReplicaCapSymbols(6).build();
    insert(trie, 0, 1, 1, 1, 1);
    insert(trie, 0, 2, 2, 2, 2);
    insert(trie, 0, 3, 1, 1, 1); // touch: [2 2 2] is now least recent
    insert(trie, 0, 4, 3, 3, 3);
    assertThat(match(trie, 1, 1, 1).matched(0)).isEqualTo(3);
    assertThat(match(trie, 2, 2, 2).matched(0)).isZero();
    assertThat(match(trie, 3, 3, 3).matched(0)).isEqualTo(3);
    assertThat(trie.symbols(0)).isEqualTo(6);
    TrieInvariants.check(trie, caps(trie), NO_CAP);
  }

  @Test
  void insertNeverEvictsItsOwnPrefix() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(1).perReplicaCapSymbols(5).build();
    insert(trie, 0, 1, 1, 2, 3);
    insert(trie, 0, 2, 9);
    insert(trie, 0, 3, 1, 2, 3, 4, 5); // needs 2 more: evicts [9], keeps [1 2 3]
    assertThat(match(trie, 1, 2, 3, 4, 5).matched(0)).isEqualTo(5);
    assertThat(match(trie, 9).matched(0)).isZero();
  }

  @Test
  void keyLongerThanCapIsHeldUpToTheCap() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(1).perReplicaCapSymbols(3).build();
    insert(trie, 0, 1, 1, 2, 3, 4, 5);
    assertThat(match(trie, 1, 2, 3, 4, 5).matched(0)).isEqualTo(3);
    assertThat(trie.symbols(0)).isEqualTo(3);
  }

  @Test
  void globalCapEvictsOldestAcrossReplicas() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(3).globalCapSymbols(6).build();
    insert(trie, 0, 1, 1, 1, 1);
    insert(trie, 1, 2, 2, 2, 2);
    insert(trie, 2, 3, 3, 3, 3);
    assertThat(match(trie, 1, 1, 1).matched(0)).isZero();
    assertThat(match(trie, 2, 2, 2).matched(1)).isEqualTo(3);
    assertThat(match(trie, 3, 3, 3).matched(2)).isEqualTo(3);
    assertThat(trie.totalSymbols()).isEqualTo(6);
    TrieInvariants.check(trie, caps(trie), 6);
  }

  @Test
  void setReplicaCapEvictsImmediately() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(1).build();
    insert(trie, 0, 1, 1, 1);
    insert(trie, 0, 2, 2, 2);
    trie.setReplicaCap(0, 3);
    assertThat(trie.symbols(0)).isEqualTo(2);
    assertThat(match(trie, 2, 2).matched(0)).isEqualTo(2);
    assertThat(trie.replicaCap(0)).isEqualTo(3);
  }

  @Test
  void evictFreesLeavesBeforeTheirParents() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(1).build();
    insert(trie, 0, 1, 1, 2, 3, 4);
    insert(trie, 0, 2, 1, 2, 5, 6);
    // Nodes [1 2], [3 4], [5 6]: the least recent leaf [3 4] goes first, then [5 6], then [1 2].
    assertThat(trie.evict(0, 1)).isEqualTo(2);
    assertThat(match(trie, 1, 2, 3, 4).matched(0)).isEqualTo(2);
    assertThat(match(trie, 1, 2, 5, 6).matched(0)).isEqualTo(4);
    assertThat(trie.evict(0, 3)).isEqualTo(4);
    assertThat(trie.symbols(0)).isZero();
    assertThat(trie.stats().nodes()).isZero();
  }

  @Test
  void removeForgetsOnlyTheUnsharedSuffix() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(2).build();
    insert(trie, 0, 1, 1, 2, 3);
    insert(trie, 0, 2, 1, 2, 3, 4, 5);
    insert(trie, 1, 3, 1, 2, 3, 4, 5);
    trie.remove(k(1, 2, 3, 4, 5), 5, 0);
    assertThat(match(trie, 1, 2, 3, 4, 5).matched(0)).isEqualTo(3);
    assertThat(match(trie, 1, 2, 3, 4, 5).matched(1)).isEqualTo(5);
    trie.remove(k(1, 2, 3), 3, 0);
    assertThat(match(trie, 1, 2, 3).matched(0)).isZero();
    assertThat(trie.symbols(0)).isZero();
    TrieInvariants.check(trie, caps(trie), NO_CAP);
  }

  @Test
  void removeReplicaAndClear() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(2).build();
    insert(trie, 0, 1, 1, 2, 3);
    insert(trie, 1, 2, 1, 2, 4);
    trie.removeReplica(0);
    assertThat(match(trie, 1, 2, 3).matched(0)).isZero();
    assertThat(match(trie, 1, 2, 3).matched(1)).isEqualTo(2);
    assertThat(trie.symbols(0)).isZero();
    TrieInvariants.check(trie, caps(trie), NO_CAP);
    trie.clear();
    assertThat(match(trie, 1, 2, 4).maxMatched()).isZero();
    assertThat(trie.totalSymbols()).isZero();
    assertThat(trie.stats().nodes()).isZero();
  }

  @Test
  void supportsManyReplicas() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(300).build();
    for (int r = 0; r < 300; r++) {
      insert(trie, r, r, 5, 6, r % 7, r);
    }
    MatchResult res = match(trie, 5, 6, 5, 299); // 299 % 7 == 5
    assertThat(res.matched(299)).isEqualTo(4);
    assertThat(res.matched(257)).isEqualTo(3); // 257 % 7 == 5
    assertThat(res.matched(255)).isEqualTo(2); // 255 % 7 == 3
    assertThat(res.bestReplica()).isEqualTo(299);
    TrieInvariants.check(trie, caps(trie), NO_CAP);
  }

  @Test
  void statsDescribeTheShape() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(2).build();
    insert(trie, 0, 1, 1, 2, 3, 4);
    insert(trie, 1, 2, 1, 2, 5);
    TrieStats s = trie.stats();
    assertThat(s.nodes()).isEqualTo(3);
    assertThat(s.leaves()).isEqualTo(2);
    assertThat(s.maxDepth()).isEqualTo(2);
    assertThat(s.avgDepth()).isEqualTo(2.0);
    assertThat(s.avgBranching()).isEqualTo(1.5); // root 1 child, [1 2] 2 children
    assertThat(s.avgEdgeLength()).isEqualTo(5.0 / 3);
    assertThat(s.replicaRefs()).isEqualTo(4);
    assertThat(s.symbolsPerReplica()).containsExactly(4, 3);
    assertThat(s.storedSymbols()).isEqualTo(5);
    assertThat(s.estimatedBytes()).isPositive();
  }

  @Test
  void promptKeyOverloads() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(2).build();
    trie.insert(PromptKey.wrap(k(4, 5, 6), 1.0), 1, 0);
    MatchResult r = new MatchResult(2);
    trie.match(PromptKey.wrap(k(4, 5, 6, 7), 1.0), r);
    assertThat(r.matched(1)).isEqualTo(3);
  }

  @Test
  void badInputIsRejectedAndLosesNothing() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(2).build();
    insert(trie, 0, 1, 1, 2);
    MatchResult small = new MatchResult(1);
    assertThatThrownBy(() -> trie.match(k(1), 1, small))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trie.match(null, 0, new MatchResult(2)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> trie.insert(k(1), 2, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trie.insert(k(1), -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trie.insert(k(1), 1, 2, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trie.insert(k(1), 1, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trie.evict(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trie.setReplicaCap(0, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trie.symbols(5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trie.remove(k(1), 3, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trie.removeReplica(2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrefixTrie.builder().maxReplicas(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrefixTrie.builder().perReplicaCapSymbols(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrefixTrie.builder().globalCapSymbols(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MatchResult(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(match(trie, 1, 2).matched(0)).isEqualTo(2);
    assertThat(trie.symbols(0)).isEqualTo(2);
  }

  @Test
  void insertDoesNotRetainTheCallersArray() {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(1).build();
    int[] key = k(1, 2, 3);
    trie.insert(key, 3, 0, 0);
    key[1] = 42;
    assertThat(match(trie, 1, 2, 3).matched(0)).isEqualTo(3);
  }
}
