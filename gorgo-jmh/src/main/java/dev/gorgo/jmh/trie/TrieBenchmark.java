package dev.gorgo.jmh.trie;

import dev.gorgo.trie.MatchResult;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Longest-prefix match and insert on tries of 1K / 10K / 100K prompts from {@link PromptWorkload},
 * with query keys of 256 / 4K / 16K / 64K symbols: GORGO's {@code PrefixTrie} side by side with
 * concurrent-trees' {@code ConcurrentRadixTree} and Commons Collections' {@code PatriciaTrie} on
 * the same symbols.
 *
 * <p>{@code match} is one longest-prefix match. {@code insertRemove} inserts a fresh follow-up
 * prompt (7/8 stored prefix, 1/8 new) and removes it again, so that the trie stays the same size
 * however long the run; it counts as one operation. Each thread has its own 64 keys.
 *
 * <p>Run (always with the allocation profiler), e.g. for one point of the grid:
 *
 * <pre>
 * java -jar gorgo-jmh/target/benchmarks.jar 'dev.gorgo.jmh.trie.TrieBenchmark' -prof gc \
 *     -f 1 -wi 3 -w 1s -i 5 -r 1s -t 1 -p prompts=100000 -p keyLength=16384
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrieBenchmark {
  @Param({"gorgo", "concurrentRadixTree", "patriciaTrie"})
  public String impl;

  @Param({"1000", "10000", "100000"})
  public int prompts;

  @Param({"256", "4096", "16384", "65536"})
  public int keyLength;

  TrieUnderTest trie;
  PromptWorkload workload;

  @Setup(Level.Trial)
  public void build() {
    workload = new PromptWorkload(prompts, 42);
    trie = TrieUnderTest.create(impl);
    workload.loadInto(trie, !impl.equals("gorgo"));
  }

  /** Per-thread keys and result. */
  @State(Scope.Thread)
  public static class Keys {
    int[][] keys;
    String[] texts;
    MatchResult result = new MatchResult(TrieUnderTest.REPLICAS);
    int next;
    int replica;
    long tick = 1L << 40;

    @Setup(Level.Trial)
    public void setUp(TrieBenchmark b, ThreadParams thread) {
      SplittableRandom rnd = new SplittableRandom(7 + thread.getThreadIndex());
      keys = new int[64][];
      texts = new String[64];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = b.workload.query(b.keyLength, rnd);
        texts[i] = PromptWorkload.toText(keys[i]);
      }
      replica = thread.getThreadIndex() % TrieUnderTest.REPLICAS;
    }
  }

  @Benchmark
  public int match(Keys k) {
    int i = k.next++ & 63;
    return trie.match(k.keys[i], k.texts[i], k.result);
  }

  @Benchmark
  public void insertRemove(Keys k) {
    int i = k.next++ & 63;
    trie.insert(k.keys[i], k.texts[i], k.replica, k.tick++);
    trie.remove(k.keys[i], k.texts[i], k.replica);
  }
}
