package dev.gorgo.trie;

import java.util.Arrays;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of concurrent match, insert and evict, checked by Lincheck against the trie's own
 * sequential behaviour. Keys share prefixes so that inserts split nodes that matchers are walking,
 * and a small cap makes inserts evict.
 */
@Param(name = "key", gen = IntGen.class, conf = "0:4")
@Param(name = "replica", gen = IntGen.class, conf = "0:2")
@Param(name = "symbols", gen = IntGen.class, conf = "1:4")
public class PrefixTrieLincheckTest {
  private static final int[][] KEYS = {
    {1, 2, 3, 4, 5, 6},
    {1, 2, 3, 7},
    {1, 2, 8, 9, 9},
    {1, 2},
    {5, 5, 5}
  };

  private final PrefixTrie trie =
      PrefixTrie.builder().maxReplicas(3).perReplicaCapSymbols(8).globalCapSymbols(18).build();
  private final MatchResult result = new MatchResult(3);

  @Operation
  public String match(@Param(name = "key") int key) {
    // One result per call: Lincheck may run the same operation from several threads.
    MatchResult r = new MatchResult(3);
    trie.match(KEYS[key], KEYS[key].length, r);
    return r.matched(0) + "," + r.matched(1) + "," + r.matched(2) + " best=" + r.bestReplica();
  }

  @Operation
  public void insert(@Param(name = "key") int key, @Param(name = "replica") int replica) {
    trie.insert(KEYS[key], KEYS[key].length, replica, 0);
  }

  @Operation
  public long evict(@Param(name = "replica") int replica, @Param(name = "symbols") int symbols) {
    return trie.evict(replica, symbols);
  }

  @Operation
  public long symbols(@Param(name = "replica") int replica) {
    return trie.symbols(replica);
  }

  @Test
  void modelChecking() {
    new ModelCheckingOptions()
        .iterations(30)
        .invocationsPerIteration(500)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(3)
        .actorsAfter(1)
        .check(getClass());
  }

  @Test
  void stress() {
    new StressOptions()
        .iterations(30)
        .invocationsPerIteration(2_000)
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(3)
        .actorsAfter(1)
        .check(getClass());
  }

  @Override
  public String toString() {
    return Arrays.toString(new long[] {trie.symbols(0), trie.symbols(1), trie.symbols(2)});
  }
}
