package dev.gorgo.trie;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readers racing a writer that keeps splitting and unlinking nodes on their path: a reader must
 * always see what was stable during its whole walk, never a torn or half-built node.
 */
class PrefixTrieConcurrencyTest {
  private static final int WRITES = 20_000;

  @Test
  void readersSeeStablePrefixesWhileTheWriterSplitsAndEvicts() throws Exception {
    PrefixTrie trie = PrefixTrie.builder().maxReplicas(3).perReplicaCapSymbols(40).build();
    int[] stable = new int[32];
    for (int i = 0; i < stable.length; i++) {
      stable[i] = i;
    }
    trie.insert(stable, stable.length, 0, 0);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    AtomicLong matches = new AtomicLong();
    Thread[] readers = new Thread[2];
    for (int t = 0; t < readers.length; t++) {
      readers[t] =
          new Thread(
              () -> {
                MatchResult r = new MatchResult(3);
                while (!done.get() && failure.get() == null) {
                  trie.match(stable, stable.length, r);
                  matches.incrementAndGet();
                  if (r.matched(0) != stable.length || r.matched(2) != 0) {
                    failure.compareAndSet(null, r.toString());
                  }
                }
              });
      readers[t].start();
    }
    int[] key = stable.clone();
    for (int i = 0; i < WRITES; i++) {
      // Diverge from the stable key at a moving point: splits its nodes, then evicts under the cap.
      int at = 1 + i % (stable.length - 1);
      key[at] = 1000 + i;
      trie.insert(key, stable.length, 1, i);
      trie.insert(key, at + 1, 0, i);
      trie.remove(key, at + 1, 0);
      if (i % 7 == 0) {
        trie.removeReplica(1);
      }
      key[at] = stable[at];
    }
    done.set(true);
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(failure.get()).as("a reader saw a torn state").isNull();
    assertThat(matches.get()).isPositive();
    TrieInvariants.check(trie, new long[] {40, 40, 40}, Long.MAX_VALUE);
  }
}
