package dev.gorgo.trie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random operation sequences checked against {@link TrieModel}, with the structural invariants of
 * {@link TrieInvariants} after every step. Keys are short and drawn from a three-symbol alphabet so
 * that prefixes are shared, nodes split and siblings appear all the time.
 *
 * <p>Each run prints its seed; rerun a failure with {@code -Dgorgo.seed=<seed>}.
 */
class PrefixTriePropertyTest {
  private static final int EXAMPLES = 400;

  enum Kind {
    INSERT,
    MATCH,
    EVICT,
    REMOVE,
    REMOVE_REPLICA,
    CLEAR,
    SET_CAP
  }

  record Op(Kind kind, int replica, int[] key, long amount) {
    @Override
    public String toString() {
      return kind + "(r" + replica + ", " + Arrays.toString(key) + ", " + amount + ")";
    }
  }

  private static long seed() {
    String fixed = System.getProperty("gorgo.seed");
    return fixed != null ? Long.parseLong(fixed) : System.nanoTime();
  }

  private static Gen<int[]> keys() {
    return lists()
        .of(integers().between(0, 2))
        .ofSizeBetween(0, 8)
        .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
  }

  private static Gen<Op> ops(int[] replicaIds, int... kindWeights) {
    Gen<Kind> kinds =
        integers()
            .between(0, Arrays.stream(kindWeights).sum() - 1)
            .map(
                x -> {
                  int k = 0;
                  int acc = kindWeights[0];
                  while (x >= acc) {
                    acc += kindWeights[++k];
                  }
                  return Kind.values()[k];
                });
    Gen<Integer> replicas = integers().between(0, replicaIds.length - 1).map(i -> replicaIds[i]);
    return kinds.zip(
        replicas, keys(), integers().between(0, 12), (k, r, key, a) -> new Op(k, r, key, a));
  }

  /** Without caps every operation, eviction aside, has one exact expected outcome. */
  @Test
  void unboundedTrieMatchesTheModelExactly() {
    long seed = seed();
    System.out.println("PrefixTriePropertyTest.unbounded seed=" + seed);
    int[] replicaIds = {0, 1, 2};
    qt().withFixedSeed(seed)
        .withExamples(EXAMPLES)
        .forAll(lists().of(ops(replicaIds, 10, 6, 0, 3, 1, 1, 0)).ofSizeBetween(1, 40))
        .checkAssert(ops -> run(3, replicaIds, Long.MAX_VALUE, Long.MAX_VALUE, ops));
  }

  /** With caps, evictions are checked for soundness, exact accounting and LRU order. */
  @Test
  void boundedTrieAgreesWithTheModelAndNeverExceedsItsCaps() {
    long seed = seed();
    System.out.println("PrefixTriePropertyTest.bounded seed=" + seed);
    int[] replicaIds = {0, 1, 2};
    qt().withFixedSeed(seed)
        .withExamples(EXAMPLES)
        .forAll(
            lists().of(ops(replicaIds, 10, 5, 3, 0, 1, 1, 2)).ofSizeBetween(1, 40),
            integers().between(2, 12),
            integers().between(4, 30))
        .checkAssert((ops, cap, global) -> run(3, replicaIds, cap, global, ops));
  }

  /** Replica ids in the second, third and fifth 64-bit owner word. */
  @Test
  void manyReplicasUseEveryOwnerWord() {
    long seed = seed();
    System.out.println("PrefixTriePropertyTest.manyReplicas seed=" + seed);
    int[] replicaIds = {0, 63, 64, 191, 299};
    qt().withFixedSeed(seed)
        .withExamples(EXAMPLES / 2)
        .forAll(lists().of(ops(replicaIds, 10, 5, 3, 2, 1, 1, 1)).ofSizeBetween(1, 40))
        .checkAssert(ops -> run(300, replicaIds, 10, 25, ops));
  }

  private static void run(
      int maxReplicas, int[] replicaIds, long cap, long globalCap, List<Op> ops) {
    PrefixTrie trie =
        PrefixTrie.builder()
            .maxReplicas(maxReplicas)
            .perReplicaCapSymbols(cap)
            .globalCapSymbols(globalCap)
            .build();
    long[] caps = new long[maxReplicas];
    Arrays.fill(caps, cap);
    TrieModel model = new TrieModel(maxReplicas);
    boolean bounded = cap != Long.MAX_VALUE || globalCap != Long.MAX_VALUE;
    MatchResult result = new MatchResult(maxReplicas);
    long tick = 0;
    for (Op op : ops) {
      tick++;
      int r = op.replica();
      int[] key = op.key();
      switch (op.kind()) {
        case INSERT -> {
          trie.insert(key, key.length, r, tick);
          int expected = (int) Math.min(key.length, Math.min(caps[r], globalCap));
          trie.match(key, key.length, result);
          assertThat(result.matched(r))
              .as("%s holds the key it just inserted", op)
              .isEqualTo(expected);
          model.insert(key, key.length, r, tick, expected);
          resync(trie, model, replicaIds, result);
        }
        case MATCH -> {}
        case EVICT -> {
          long before = trie.symbols(r);
          long freed = trie.evict(r, op.amount());
          assertThat(freed).isEqualTo(before - trie.symbols(r));
          assertThat(freed >= op.amount() || trie.symbols(r) == 0)
              .as("%s freed %d", op, freed)
              .isTrue();
          checkLruOrder(trie, model, r, result);
          resync(trie, model, replicaIds, result);
        }
        case REMOVE -> {
          trie.remove(key, key.length, r);
          model.remove(key, key.length, r);
          if (bounded) {
            // Remnants of evicted or truncated keys may go too: remove is best effort.
            resync(trie, model, replicaIds, result);
          }
        }
        case REMOVE_REPLICA -> {
          trie.removeReplica(r);
          model.removeReplica(r);
        }
        case CLEAR -> {
          trie.clear();
          model.clear();
        }
        case SET_CAP -> {
          caps[r] = op.amount();
          trie.setReplicaCap(r, op.amount());
          resync(trie, model, replicaIds, result);
        }
      }
      TrieInvariants.check(trie, caps, globalCap);
      for (int id : replicaIds) {
        assertThat(trie.symbols(id))
            .as("symbols of r%d after %s", id, op)
            .isEqualTo(model.symbols(id));
      }
      trie.match(key, key.length, result);
      int best = 0;
      for (int id = 0; id < maxReplicas; id++) {
        int expected = model.matched(id, key, key.length);
        assertThat(result.matched(id)).as("match r%d after %s", id, op).isEqualTo(expected);
        best = Math.max(best, expected);
      }
      assertThat(result.maxMatched()).isEqualTo(best);
      assertThat(result.bestReplica() < 0 ? 0 : result.matched(result.bestReplica()))
          .isEqualTo(best);
    }
  }

  /**
   * After an eviction the model learns what each key still holds from the trie, but only after
   * checking that nothing grew: the trie may forget, never invent.
   */
  private static void resync(
      PrefixTrie trie, TrieModel model, int[] replicaIds, MatchResult result) {
    for (int id : replicaIds) {
      List<int[]> observed = new java.util.ArrayList<>();
      for (TrieModel.Entry e : model.entries(id)) {
        trie.match(e.key, e.key.length, result);
        assertThat(result.matched(id))
            .as("r%d never holds more than inserted", id)
            .isLessThanOrEqualTo(model.matched(id, e.key, e.key.length));
        observed.add(new int[] {result.matched(id)});
      }
      int i = 0;
      for (TrieModel.Entry e : model.entries(id)) {
        e.held = observed.get(i++)[0];
      }
    }
  }

  /**
   * Every key that lost symbols in an eviction of {@code r} is no more recent than the latest
   * insert ending at any intact leaf of {@code r}: leaves go in LRU order.
   */
  private static void checkLruOrder(PrefixTrie trie, TrieModel model, int r, MatchResult result) {
    long newestLost = Long.MIN_VALUE;
    for (TrieModel.Entry e : model.entries(r)) {
      trie.match(e.key, e.key.length, result);
      if (result.matched(r) < e.held) {
        newestLost = Math.max(newestLost, e.tick);
      }
    }
    if (newestLost == Long.MIN_VALUE) {
      return;
    }
    for (TrieModel.Entry b : model.entries(r)) {
      trie.match(b.key, b.key.length, result);
      if (b.held == 0 || result.matched(r) != b.held || extendedByAnother(model, r, b)) {
        continue;
      }
      long leafTick = Long.MIN_VALUE;
      for (TrieModel.Entry c : model.entries(r)) {
        if (c.held == b.held && Arrays.equals(c.key, 0, c.held, b.key, 0, b.held)) {
          leafTick = Math.max(leafTick, c.tick);
        }
      }
      assertThat(leafTick)
          .as("intact leaf newer than evicted keys")
          .isGreaterThanOrEqualTo(newestLost);
    }
  }

  private static boolean extendedByAnother(TrieModel model, int r, TrieModel.Entry b) {
    for (TrieModel.Entry c : model.entries(r)) {
      if (c.held > b.held && Arrays.equals(c.key, 0, b.held, b.key, 0, b.held)) {
        return true;
      }
    }
    return false;
  }
}
