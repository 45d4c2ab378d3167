package dev.gorgo.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Outcome;
import dev.gorgo.api.PromptKey;
import dev.gorgo.api.RejectReason;
import dev.gorgo.api.RouterListener;
import dev.gorgo.api.RoutingRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random sequences of route / firstToken / complete / close / cancel / timeout, checked against a
 * simple model (sequentially) and against invariants (concurrently): every counter returns to zero,
 * the queue empties, and every handed-out lease is released exactly once. QuickTheories prints the
 * seed of a failing run; rerun it with {@code -Dgorgo.qt.seed=<seed>}.
 */
class RouterPropertyTest {
  static final int ENDPOINTS = 3;
  static final int MAX_RUNNING = 2;
  static final int CAPACITY = ENDPOINTS * MAX_RUNNING;
  static final int QUEUE = 4;
  static final long TIMEOUT_S = 10;

  static org.quicktheories.QuickTheory theory(int examples) {
    String seed = System.getProperty("gorgo.qt.seed");
    org.quicktheories.QuickTheory q = qt().withExamples(examples);
    return seed == null ? q : q.withFixedSeed(Long.parseLong(seed));
  }

  static Gen<List<Integer>> ops(int max) {
    return lists().of(integers().between(0, 9_999)).ofSizeBetween(1, max);
  }

  /** Counts listener events so that exactly-once release can be checked. */
  static final class Counting implements RouterListener {
    final AtomicLong completed = new AtomicLong();
    final AtomicLong queued = new AtomicLong();
    final AtomicLong dequeued = new AtomicLong();

    @Override
    public void onQueued(RoutingRequest request, int queueDepth) {
      queued.incrementAndGet();
    }

    @Override
    public void onDequeued(RoutingRequest request, long waitNanos, int queueDepth) {
      dequeued.incrementAndGet();
    }

    @Override
    public void onCompleted(
        RoutingRequest request, Endpoint endpoint, Outcome outcome, long e2eNanos) {
      completed.incrementAndGet();
    }
  }

  static Router router(ManualTicker ticker, RouterListener listener, int queue) {
    return Router.builder()
        .policy("least-load", Map.of())
        .endpoints(Fixtures.endpoints(ENDPOINTS, MAX_RUNNING))
        .ticker(ticker)
        .manualExpiry()
        .admission(queue, Duration.ofSeconds(TIMEOUT_S))
        .listener(listener)
        .build();
  }

  static RoutingRequest request(int tokens, long now) {
    int[] symbols = new int[tokens % 50];
    for (int i = 0; i < symbols.length; i++) {
      symbols[i] = tokens * 31 + i;
    }
    return new RoutingRequest("r", PromptKey.wrap(symbols, 1.0), tokens, null, null, now, 0);
  }

  static void assertIdle(Router router) {
    assertThat(router.queueDepth()).isZero();
    for (EndpointStatus s : router.status()) {
      assertThat(s.state().inflightPrefilling()).as("prefilling at %s", s.endpoint().id()).isZero();
      assertThat(s.state().inflightDecoding()).as("decoding").isZero();
      assertThat(s.state().prefillingTokens()).as("prefilling tokens").isZero();
      assertThat(s.state().decodingTokens()).as("decoding tokens").isZero();
    }
  }

  // ------------------------------------------------------------------ sequential, with a model

  /** What the model expects of one handed-out lease. */
  static final class HeldLease {
    final Lease lease;
    boolean decoding;

    HeldLease(Lease lease) {
      this.lease = lease;
    }
  }

  /** A request the model expects to be waiting. */
  record Waiting(CompletableFuture<Lease> future, long enqueuedNanos) {}

  @Test
  void sequentialRunsMatchTheModel() {
    theory(200).forAll(ops(300)).checkAssert(RouterPropertyTest::runAgainstModel);
  }

  static void runAgainstModel(List<Integer> ops) {
    ManualTicker ticker = new ManualTicker();
    Counting listener = new Counting();
    List<HeldLease> held = new ArrayList<>();
    Deque<Waiting> waiting = new ArrayDeque<>();
    long handed = 0;
    try (Router router = router(ticker, listener, QUEUE)) {
      for (int op : ops) {
        int v = op / 10;
        switch (op % 10) {
          case 0, 1, 2 -> {
            CompletableFuture<Lease> f = router.routeAsync(request(v % 5000, ticker.nanos()));
            if (held.size() < CAPACITY) {
              assertThat(waiting).isEmpty();
              assertThat(f).isCompleted();
              held.add(new HeldLease(f.join()));
              handed++;
            } else if (waiting.size() < QUEUE) {
              assertThat(f).isNotDone();
              waiting.add(new Waiting(f, ticker.nanos()));
            } else {
              assertThat(rejection(f)).isEqualTo(RejectReason.QUEUE_FULL);
            }
          }
          case 3 -> {
            if (!held.isEmpty()) {
              HeldLease h = held.get(v % held.size());
              h.lease.firstToken();
              h.decoding = true;
            }
          }
          case 4, 5, 6 -> {
            if (!held.isEmpty()) {
              HeldLease h = held.remove(v % held.size());
              if (op % 10 == 4) {
                h.lease.close();
              } else {
                h.lease.complete(Outcome.values()[v % Outcome.values().length]);
              }
              h.lease.close(); // idempotent
              if (!waiting.isEmpty()) {
                Waiting next = waiting.poll();
                assertThat(next.future()).isCompleted();
                held.add(new HeldLease(next.future().join()));
                handed++;
              }
            }
          }
          case 7 -> {
            if (!waiting.isEmpty()) {
              Waiting w = new ArrayList<>(waiting).get(v % waiting.size());
              assertThat(w.future().cancel(true)).isTrue();
              waiting.remove(w);
            }
          }
          default -> {
            ticker.advance(v % 7, TimeUnit.SECONDS);
            int expected = 0;
            while (!waiting.isEmpty()
                && ticker.nanos() - waiting.peek().enqueuedNanos()
                    >= TimeUnit.SECONDS.toNanos(TIMEOUT_S)) {
              Waiting w = waiting.poll();
              expected++;
              assertThat(w.future()).isNotDone();
            }
            assertThat(router.expireWaiters()).isEqualTo(expected);
          }
        }
        assertMatches(router, held, waiting.size());
      }
      // drain: release everything; waiters get admitted and are released in turn
      while (!held.isEmpty()) {
        held.remove(0).lease.close();
        if (!waiting.isEmpty()) {
          held.add(new HeldLease(waiting.poll().future().join()));
          handed++;
        }
      }
      assertIdle(router);
      assertThat(listener.completed.get()).isEqualTo(handed);
      assertThat(listener.dequeued.get()).isEqualTo(listener.queued.get());
    }
  }

  static void assertMatches(Router router, List<HeldLease> held, int waiting) {
    assertThat(router.queueDepth()).isEqualTo(waiting);
    int prefilling = 0;
    int decoding = 0;
    long prefillTokens = 0;
    long decodeTokens = 0;
    for (HeldLease h : held) {
      if (h.decoding) {
        decoding++;
        decodeTokens += h.lease.request().promptTokens();
      } else {
        prefilling++;
        prefillTokens += h.lease.request().promptTokens();
      }
    }
    int p = 0;
    int d = 0;
    long pt = 0;
    long dt = 0;
    for (EndpointStatus s : router.status()) {
      p += s.state().inflightPrefilling();
      d += s.state().inflightDecoding();
      pt += s.state().prefillingTokens();
      dt += s.state().decodingTokens();
      assertThat(s.state().running()).isLessThanOrEqualTo(MAX_RUNNING);
    }
    assertThat(p).isEqualTo(prefilling);
    assertThat(d).isEqualTo(decoding);
    assertThat(pt).isEqualTo(prefillTokens);
    assertThat(dt).isEqualTo(decodeTokens);
  }

  static RejectReason rejection(CompletableFuture<Lease> f) {
    assertThat(f).isCompletedExceptionally();
    try {
      f.join();
      throw new AssertionError("not rejected");
    } catch (CompletionException e) {
      return ((RejectedException) e.getCause()).reason();
    }
  }

  // ------------------------------------------------------------------ concurrent, invariants

  @Test
  void concurrentRunsLeakNothing() {
    theory(25)
        .forAll(ops(150), ops(150), ops(150), ops(150))
        .checkAssert((a, b, c, d) -> runConcurrently(List.of(a, b, c, d)));
  }

  static void runConcurrently(List<List<Integer>> scripts) {
    ManualTicker ticker = new ManualTicker();
    Counting listener = new Counting();
    List<CompletableFuture<Lease>> all = java.util.Collections.synchronizedList(new ArrayList<>());
    try (Router router = router(ticker, listener, 8)) {
      List<Thread> threads = new ArrayList<>();
      for (List<Integer> script : scripts) {
        threads.add(new Thread(() -> play(router, ticker, script, all)));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(t.isAlive()).as("thread finished (no deadlock)").isFalse();
      }
      // clean up: close every lease handed out, cancel every request still waiting
      boolean again = true;
      while (again) {
        again = false;
        for (CompletableFuture<Lease> f : new ArrayList<>(all)) {
          if (!f.isDone()) {
            f.cancel(true);
          } else if (!f.isCompletedExceptionally() && !f.join().isReleased()) {
            f.join().close();
            again = true;
          }
        }
      }
      assertIdle(router);
      long handed = all.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
      assertThat(listener.completed.get()).isEqualTo(handed);
      assertThat(listener.dequeued.get()).isEqualTo(listener.queued.get());
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static void play(
      Router router,
      ManualTicker ticker,
      List<Integer> script,
      List<CompletableFuture<Lease>> all) {
    List<CompletableFuture<Lease>> mine = new ArrayList<>();
    for (int op : script) {
      int v = op / 10;
      CompletableFuture<Lease> pick = mine.isEmpty() ? null : mine.get(v % mine.size());
      Lease lease =
          pick != null && pick.isDone() && !pick.isCompletedExceptionally() ? pick.join() : null;
      switch (op % 10) {
        case 0, 1, 2 -> {
          CompletableFuture<Lease> f = router.routeAsync(request(v % 5000, ticker.nanos()));
          mine.add(f);
          all.add(f);
        }
        case 3 -> {
          if (lease != null) {
            lease.firstToken();
          }
        }
        case 4, 5 -> {
          if (lease != null) {
            lease.close();
          }
        }
        case 6 -> {
          if (lease != null) {
            lease.complete(Outcome.values()[v % Outcome.values().length]);
          }
        }
        case 7 -> {
          if (pick != null) {
            pick.cancel(true);
          }
        }
        default -> {
          ticker.advance(v % 4, TimeUnit.SECONDS);
          router.expireWaiters();
        }
      }
    }
  }
}
