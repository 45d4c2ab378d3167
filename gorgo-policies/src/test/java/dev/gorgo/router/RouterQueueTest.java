package dev.gorgo.router;

import static dev.gorgo.router.Fixtures.endpoints;
import static dev.gorgo.router.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Outcome;
import dev.gorgo.api.Policies;
import dev.gorgo.api.RejectReason;
import dev.gorgo.api.RouterListener;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.api.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The admission queue: wake-ups, head-of-line blocking, deadlocks, timeouts and cancellation. */
class RouterQueueTest {
  private final ManualTicker ticker = new ManualTicker();

  /** Requests whose session key is "pinned" may only run on endpoint 0. */
  static final class PinningPolicy implements RoutingPolicy {
    private final RoutingPolicy delegate = Policies.create("least-load");

    @Override
    public String name() {
      return "pinning";
    }

    @Override
    public Decision decide(RoutingRequest request, ClusterView view) {
      if ("pinned".equals(request.sessionKey())) {
        return view.state(0).eligible() ? Decision.route(0) : Decision.Wait.AT_CAPACITY;
      }
      return delegate.decide(request, view);
    }
  }

  @Test
  void aWaiterThatCannotGoDoesNotBlockTheOnesBehindIt() {
    // regression: the original's queue stopped at its head (head-of-line blocking)
    try (Router router =
        Router.builder()
            .policy(new PinningPolicy())
            .endpoints(endpoints(2, 1))
            .ticker(ticker)
            .manualExpiry()
            .build()) {
      Lease on0 = router.routeAsync(request(ticker.nanos())).join();
      Lease on1 = router.routeAsync(request(ticker.nanos())).join();
      assertThat(on0.index()).isZero();
      assertThat(on1.index()).isOne();
      CompletableFuture<Lease> pinned =
          router.routeAsync(request(ticker.nanos()).withSessionKey("pinned"));
      CompletableFuture<Lease> free = router.routeAsync(request(ticker.nanos()));
      assertThat(router.queueDepth()).isEqualTo(2);
      on1.close(); // frees endpoint 1: only the second waiter can use it
      assertThat(free).isCompleted();
      assertThat(free.join().index()).isOne();
      assertThat(pinned).isNotDone();
      on0.close();
      assertThat(pinned.join().index()).isZero();
      pinned.join().close();
      free.join().close();
      assertThat(router.queueDepth()).isZero();
    }
  }

  @Test
  void waitersWakeOnLoadReportsHealthAndNewEndpointsWithoutPolling() {
    try (Router router =
        Router.builder()
            .policy("least-load", Map.of())
            .endpoints(endpoints(1, 4))
            .ticker(ticker)
            .manualExpiry()
            .build()) {
      router.updateEngineLoad("e0", 4, 3, 0.5); // the engine is full with other traffic
      CompletableFuture<Lease> a = router.routeAsync(request(ticker.nanos()));
      assertThat(a).isNotDone();
      router.updateEngineLoad("e0", 3, 0, 0.5);
      assertThat(a).isCompleted();

      for (int i = 0; i < 3; i++) {
        router.reportProbe("e0", false);
      }
      // every endpoint down: a typed rejection, not a wait
      assertThat(RouterPropertyTest.rejection(router.routeAsync(request(ticker.nanos()))))
          .isEqualTo(RejectReason.NO_ENDPOINTS);
      router.addEndpoint(Fixtures.endpoint("e1", "r", 4));
      router.updateEngineLoad("e1", 4, 0, 0.5); // up but full: wait
      CompletableFuture<Lease> b = router.routeAsync(request(ticker.nanos()));
      assertThat(b).isNotDone();
      router.reportProbe("e0", true);
      assertThat(b).isNotDone(); // needs 2 successes
      router.reportProbe("e0", true);
      assertThat(b.join().endpoint().id()).isEqualTo("e0");

      router.updateEngineLoad("e0", 4, 0, 0.5);
      CompletableFuture<Lease> c = router.routeAsync(request(ticker.nanos()));
      assertThat(c).isNotDone();
      router.addEndpoint(Fixtures.endpoint("e2", "r", 4));
      assertThat(c.join().endpoint().id()).isEqualTo("e2");
      a.join().close();
      b.join().close();
      c.join().close();
    }
  }

  @Test
  void kvUsageAtTheThresholdMakesAnEndpointIneligible() {
    try (Router router =
        Router.builder()
            .policy("least-load", Map.of())
            .endpoints(endpoints(1, 4))
            .ticker(ticker)
            .manualExpiry()
            .build()) {
      router.updateEngineLoad("e0", 0, 0, 0.95);
      CompletableFuture<Lease> a = router.routeAsync(request(ticker.nanos()));
      assertThat(a).isNotDone();
      router.updateEngineLoad("e0", 0, 0, 0.94);
      a.join().close();
    }
  }

  @Test
  void staleEngineReportsAreIgnored() {
    try (Router router =
        Router.builder()
            .policy("least-load", Map.of())
            .endpoints(endpoints(1, 4))
            .ticker(ticker)
            .manualExpiry()
            .engineLoadMaxAge(Duration.ofSeconds(5))
            .build()) {
      router.updateEngineLoad("e0", 4, 10, 0.99);
      assertThat(router.status().get(0).state().eligible()).isFalse();
      ticker.advance(6, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(router.status().get(0).state().eligible()).isTrue();
      assertThat(router.status().get(0).state().engineRunning()).isEqualTo(-1);
    }
  }

  @Test
  void noDeadlockBetweenTheQueueAndAPolicyThatCallsBackIntoTheRouter() throws Exception {
    // regression: the original's queue processor held the queue lock while the policy took it again
    AtomicReference<Router> self = new AtomicReference<>();
    RoutingPolicy reentrant =
        new RoutingPolicy() {
          final RoutingPolicy delegate = Policies.create("least-load");

          @Override
          public String name() {
            return "reentrant";
          }

          @Override
          public Decision decide(RoutingRequest request, ClusterView view) {
            Router r = self.get();
            r.queueDepth();
            r.expireWaiters();
            r.status();
            return delegate.decide(request, view);
          }
        };
    RouterListener callsBack =
        new RouterListener() {
          @Override
          public void onQueued(RoutingRequest request, int queueDepth) {
            self.get().status();
          }
        };
    try (Router router =
        Router.builder()
            .policy(reentrant)
            .listener(callsBack)
            .endpoints(endpoints(2, 2))
            .ticker(Ticker.system())
            .build()) {
      self.set(router);
      int threads = 8;
      int perThread = 200;
      AtomicInteger done = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread w =
            new Thread(
                () -> {
                  try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                      try (Lease lease = router.route(request(0))) {
                        lease.firstToken();
                        Thread.yield();
                      }
                      done.incrementAndGet();
                    }
                  } catch (InterruptedException | RejectedException e) {
                    throw new IllegalStateException(e);
                  }
                });
        w.start();
        workers.add(w);
      }
      start.countDown();
      await().atMost(Duration.ofSeconds(60)).until(() -> done.get() == threads * perThread);
      for (Thread w : workers) {
        w.join();
      }
      assertThat(router.queueDepth()).isZero();
      for (EndpointStatus s : router.status()) {
        assertThat(s.state().running()).isZero();
      }
    }
  }

  @Test
  void inRealTimeTheRouterTimesOutWaitersByItself() throws Exception {
    try (Router router =
        Router.builder()
            .policy("least-load", Map.of())
            .endpoints(endpoints(1, 1))
            .admission(10, Duration.ofMillis(50))
            .build()) {
      Lease held = router.route(request(0));
      assertThatThrownBy(() -> router.route(request(0)))
          .isInstanceOfSatisfying(
              RejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectReason.QUEUE_TIMEOUT));
      CompletableFuture<Lease> async = router.routeAsync(request(0));
      await().atMost(Duration.ofSeconds(10)).until(async::isDone);
      assertThat(async).isCompletedExceptionally();
      assertThat(router.queueDepth()).isZero();
      held.close();
    }
  }

  @Test
  void interruptingABlockedCallerCancelsItsWaitAndLeaksNothing() throws Exception {
    try (Router router =
        Router.builder()
            .policy("least-load", Map.of())
            .endpoints(endpoints(1, 1))
            .ticker(ticker)
            .manualExpiry()
            .build()) {
      Lease held = router.route(request(ticker.nanos()));
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread waiter =
          new Thread(
              () -> {
                try {
                  router.route(request(ticker.nanos())).close();
                } catch (RejectedException e) {
                  thrown.set(e);
                }
              });
      waiter.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> router.queueDepth() == 1);
      waiter.interrupt();
      waiter.join(10_000);
      assertThat(thrown.get())
          .isInstanceOfSatisfying(
              RejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectReason.CANCELLED));
      assertThat(router.queueDepth()).isZero();
      held.close();
      assertThat(router.status().get(0).state().running()).isZero();
    }
  }

  @Test
  void aThrowingListenerOrPolicyDoesNotBreakRouting() throws Exception {
    RouterListener broken =
        new RouterListener() {
          @Override
          public void onDecision(
              RoutingRequest request, ClusterView view, Decision decision, long decideNanos) {
            throw new IllegalStateException("broken listener");
          }

          @Override
          public void onCompleted(
              RoutingRequest request, Endpoint endpoint, Outcome outcome, long e2eNanos) {
            throw new IllegalStateException("broken listener");
          }
        };
    try (Router router =
        Router.builder()
            .policy("gorgo", Map.of())
            .listener(broken)
            .endpoints(endpoints(2, 2))
            .ticker(ticker)
            .manualExpiry()
            .build()) {
      router.route(request(ticker.nanos())).close();
      router.setPolicy(
          new RoutingPolicy() {
            @Override
            public String name() {
              return "throws";
            }

            @Override
            public Decision decide(RoutingRequest request, ClusterView view) {
              throw new ArithmeticException("bug");
            }
          });
      assertThatThrownBy(() -> router.route(request(ticker.nanos())))
          .isInstanceOfSatisfying(
              RejectedException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(RejectReason.POLICY);
                assertThat(e.getMessage()).contains("ArithmeticException");
              });
      assertThat(router.status().get(0).state().running()).isZero();
    }
  }
}
