package dev.gorgo.lambda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.gorgo.lambda.TimeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The rate limiter against a simple reference model (sequentially) and against its invariant
 * (concurrently): no two requests less than 1 s apart, no two launches less than 12 s apart.
 * QuickTheories prints the seed of a failing run; rerun it with {@code -Dgorgo.qt.seed=<seed>}.
 */
class RateLimiterPropertyTest {
  private static final long S = TimeUnit.SECONDS.toNanos(1);

  static org.quicktheories.QuickTheory theory(int examples) {
    String seed = System.getProperty("gorgo.qt.seed");
    org.quicktheories.QuickTheory q = qt().withExamples(examples);
    return seed == null ? q : q.withFixedSeed(Long.parseLong(seed));
  }

  /** Virtual time; sleeping advances it. Thread-safe. */
  static final class Clock implements TimeSource {
    final AtomicLong now = new AtomicLong(1_000 * S);

    @Override
    public long nanoTime() {
      return now.get();
    }

    @Override
    public void sleep(long nanos) {
      now.accumulateAndGet(nanos, (cur, n) -> cur + Math.max(0, n));
    }
  }

  /**
   * Each op: low bit = launch or not; the rest = milliseconds the caller spends before the next
   * request. The model: a request goes out at max(now, last + 1 s, last launch + 12 s if a launch).
   */
  @Test
  void matchesTheReferenceModel() {
    theory(300)
        .forAll(lists().of(integers().between(0, 40_000)).ofSizeBetween(1, 40))
        .checkAssert(
            ops -> {
              Clock clock = new Clock();
              RateLimiter limiter = new RateLimiter(clock, S, 12 * S);
              long modelNow = clock.nanoTime();
              Long last = null;
              Long lastLaunch = null;
              for (int op : ops) {
                boolean launch = (op & 1) == 1;
                long send = modelNow;
                if (last != null) {
                  send = Math.max(send, last + S);
                }
                if (launch && lastLaunch != null) {
                  send = Math.max(send, lastLaunch + 12 * S);
                }
                try {
                  limiter.acquire(launch);
                } catch (InterruptedException e) {
                  throw new AssertionError(e);
                }
                assertThat(clock.nanoTime()).isEqualTo(send);
                last = send;
                if (launch) {
                  lastLaunch = send;
                }
                long think = TimeUnit.MILLISECONDS.toNanos(op >> 1);
                clock.sleep(think);
                modelNow = send + think;
              }
            });
  }

  /**
   * Callers racing at the same instant each get their own slot: with a clock that stands still, the
   * slots handed out (now + the wait asked for) are exactly now, now + 1 s, now + 2 s, ... with no
   * slot given twice and none skipped.
   */
  @Test
  void concurrentCallersGetDistinctSlotsOneSecondApart() {
    theory(20)
        .forAll(integers().between(2, 8), integers().between(1, 6))
        .checkAssert(
            (threads, perThread) -> {
              long now = 5_000 * S;
              List<Long> slots = Collections.synchronizedList(new ArrayList<>());
              TimeSource still =
                  new TimeSource() {
                    @Override
                    public long nanoTime() {
                      return now;
                    }

                    @Override
                    public void sleep(long nanos) {
                      slots.add(now + nanos);
                    }
                  };
              RateLimiter limiter = new RateLimiter(still, S, 12 * S);
              CountDownLatch start = new CountDownLatch(1);
              List<Thread> ts = new ArrayList<>();
              for (int t = 0; t < threads; t++) {
                Thread th =
                    new Thread(
                        () -> {
                          try {
                            start.await();
                            for (int i = 0; i < perThread; i++) {
                              limiter.acquire(false);
                            }
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                        });
                th.start();
                ts.add(th);
              }
              start.countDown();
              for (Thread th : ts) {
                try {
                  th.join(10_000);
                } catch (InterruptedException e) {
                  throw new AssertionError(e);
                }
              }
              // The one caller that found the limiter free did not sleep: its slot is "now".
              List<Long> all = new ArrayList<>(slots);
              all.add(now);
              Collections.sort(all);
              List<Long> expected = new ArrayList<>();
              for (int k = 0; k < threads * perThread; k++) {
                expected.add(now + k * S);
              }
              assertThat(all).isEqualTo(expected);
            });
  }
}
