package dev.gorgo.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random request streams against invariants and a naive reference model of the prefix cache. The
 * seed is printed so that a failure can be replayed with {@code -Dgorgo.seed=...}.
 */
class EngineModelPropertyTest {
  private static final long SEED = Long.getLong("gorgo.seed", System.nanoTime());

  static {
    System.out.println(
        "EngineModelPropertyTest seed " + SEED + " (replay: -Dgorgo.seed=" + SEED + ")");
  }

  /** Builds a prompt from an op code: one of 4 conversation roots, a length, a divergence point. */
  private static int[] promptOf(int op) {
    int root = op & 3;
    int len = 1 + ((op >>> 2) & 127);
    int diverge = (op >>> 9) & 127;
    int[] t = new int[len];
    for (int i = 0; i < len; i++) {
      t[i] = i < diverge ? root * 1000 + i : op * 131 + i;
    }
    return t;
  }

  @Test
  void everyRequestEndsOnceAndNoKvLeaks() {
    qt().withFixedSeed(SEED)
        .withExamples(150)
        .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 60))
        .checkAssert(
            ops -> {
              EngineProfile p = new EngineProfile("prop", 0.2, 3, 2, 0.5, 3, 400, 4, 64);
              Map<Long, Integer> first = new HashMap<>();
              Map<Long, Integer> finished = new HashMap<>();
              EngineModel e =
                  new EngineModel(
                      p,
                      new EngineListener() {
                        @Override
                        public void onFirstToken(long id, long nanos, int cachedTokens) {
                          first.merge(id, 1, Integer::sum);
                        }

                        @Override
                        public void onFinish(long id, long nanos, int outputTokens) {
                          finished.merge(id, outputTokens, (a, b) -> -1);
                        }
                      });
              Map<Long, Integer> expected = new HashMap<>();
              Set<Long> aborted = new HashSet<>();
              List<Long> ids = new ArrayList<>();
              long t = 0;
              for (int op : ops) {
                t += (op % 7) * 1_000_000L;
                if (op % 11 == 0 && !ids.isEmpty()) {
                  long victim = ids.get((op >>> 4) % ids.size());
                  if (e.abort(victim, t)) {
                    aborted.add(victim);
                  }
                } else {
                  int out = 1 + (op >>> 16) % 20;
                  long id = e.submit(t, promptOf(op), out);
                  ids.add(id);
                  expected.put(id, out);
                }
                assertThat(e.kvUsage()).isBetween(0.0, 1.0);
                assertThat(e.cachedTokens()).isLessThanOrEqualTo(p.kvCapacityTokens());
                assertThat(e.running()).isLessThanOrEqualTo(p.maxRunning());
              }
              long next;
              while ((next = e.nextEventNanos()) != Long.MAX_VALUE) {
                e.advance(next);
                assertThat(e.kvUsage()).isBetween(0.0, 1.0);
              }
              for (Map.Entry<Long, Integer> x : expected.entrySet()) {
                if (aborted.contains(x.getKey())) {
                  assertThat(finished).doesNotContainKey(x.getKey());
                } else {
                  assertThat(finished).containsEntry(x.getKey(), x.getValue());
                  assertThat(first).containsEntry(x.getKey(), 1);
                }
              }
              assertThat(e.kvUsage()).isZero();
              assertThat(e.running()).isZero();
              assertThat(e.queued()).isZero();
              assertThat(e.flushCache()).isTrue();
            });
  }

  @Test
  void withoutEvictionTheCacheMatchesTheLongestCommonPrefixOfAnyPastPrompt() {
    qt().withFixedSeed(SEED)
        .withExamples(150)
        .forAll(
            lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 40),
            integers().between(0, Integer.MAX_VALUE))
        .checkAssert(
            (ops, probeOp) -> {
              int page = 4;
              EngineProfile p = new EngineProfile("prop", 0.2, 3, 2, 0.5, 8, 1_000_000, page, 64);
              EngineModel e = new EngineModel(p, EngineListener.NONE);
              List<int[]> done = new ArrayList<>();
              long t = 0;
              for (int op : ops) {
                int[] prompt = promptOf(op);
                e.submit(t, prompt, 2);
                done.add(prompt);
                t += 1_000_000_000L;
                e.advance(t);
              }
              int[] probe = promptOf(probeOp);
              int best = 0;
              for (int[] d : done) {
                int full = d.length - d.length % page;
                int lcp = 0;
                while (lcp < full && lcp < probe.length && d[lcp] == probe[lcp]) {
                  lcp++;
                }
                best = Math.max(best, lcp);
              }
              int limit = probe.length - 1;
              int expect = Math.min(best - best % page, limit - limit % page);
              assertThat(e.peekCachedPrefix(probe)).isEqualTo(expect);
            });
  }
}
