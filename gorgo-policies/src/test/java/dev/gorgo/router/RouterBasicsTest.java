package dev.gorgo.router;

import static dev.gorgo.router.Fixtures.endpoints;
import static dev.gorgo.router.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gorgo.api.Outcome;
import dev.gorgo.api.Policies;
import dev.gorgo.api.RejectReason;
import dev.gorgo.api.UnknownPolicyException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RouterBasicsTest {
  private final ManualTicker ticker = new ManualTicker();

  private Router router(String policy, int endpoints, int maxRunning) {
    return Router.builder()
        .policy(policy, Map.of())
        .endpoints(endpoints(endpoints, maxRunning))
        .ticker(ticker)
        .manualExpiry()
        .build();
  }

  @Test
  void everyBuiltInPolicyIsRegisteredByName() {
    assertThat(Policies.names())
        .containsExactlyInAnyOrder(
            "gorgo",
            "gorgo-local",
            "prefix-tree",
            "least-load",
            "round-robin",
            "random",
            "power-of-two",
            "session-affinity",
            "cache-aware",
            "nearest-region");
  }

  @Test
  void unknownPolicyNameIsRejectedWithTheKnownNames() {
    // regression: the original silently fell back to gorgo on an unknown name
    assertThatThrownBy(() -> Router.builder().policy("gorgo-proxy", Map.of()))
        .isInstanceOf(UnknownPolicyException.class)
        .hasMessageContaining("gorgo-proxy")
        .hasMessageContaining("least-load")
        .hasMessageContaining("cache-aware");
  }

  @Test
  void badParameterIsRejectedNamingIt() {
    assertThatThrownBy(() -> Policies.create("gorgo", Map.of("t_p", "fast")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t_p");
    assertThatThrownBy(() -> Policies.create("gorgo", Map.of("t_p", "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t_p");
    assertThatThrownBy(() -> Policies.create("prefix-tree", Map.of("threshold", "0.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min_match");
  }

  @Test
  void leaseCountsUntilReleasedAndReleasesOnce() throws Exception {
    try (Router router = router("least-load", 1, 10)) {
      Lease lease = router.route(request(ticker.nanos()));
      assertThat(router.status().get(0).state().inflightPrefilling()).isEqualTo(1);
      lease.accepted();
      lease.firstToken();
      lease.firstToken();
      assertThat(router.status().get(0).state().inflightPrefilling()).isZero();
      assertThat(router.status().get(0).state().inflightDecoding()).isEqualTo(1);
      assertThat(lease.complete(Outcome.SUCCESS)).isTrue();
      assertThat(lease.complete(Outcome.FAILED)).isFalse();
      lease.close();
      assertThat(router.status().get(0).state().inflightDecoding()).isZero();
    }
  }

  @Test
  void retryAvoidsTheEndpointThatJustFailedUnlessNoOtherCanServe() throws Exception {
    try (Router router = router("least-load", 2, 10)) {
      try (Lease first = router.route(request(ticker.nanos()))) {
        assertThat(first.endpoint().id()).isEqualTo("e0"); // idle tie: the lower index
        first.complete(Outcome.NOT_ACCEPTED);
      }
      try (Lease retried = router.retry(request(ticker.nanos()), "e0")) {
        assertThat(retried.endpoint().id()).isEqualTo("e1");
      }
      for (int i = 0; i < 3; i++) {
        router.reportProbe("e1", false);
      }
      try (Lease fallback = router.retry(request(ticker.nanos()), "e0")) {
        assertThat(fallback.endpoint().id()).isEqualTo("e0");
      }
      try (Lease unknown = router.retry(request(ticker.nanos()), "nope")) {
        assertThat(unknown.endpoint().id()).isEqualTo("e0");
      }
      assertThat(router.status())
          .allSatisfy(st -> assertThat(st.state().inflightPrefilling()).isZero());
    }
  }

  @Test
  void loadCountsUntilCompletionNotUntilHeaders() throws Exception {
    // regression: the original stopped counting a stream at its response headers
    try (Router router = router("least-load", 1, 2)) {
      Lease a = router.route(request(ticker.nanos()));
      Lease b = router.route(request(ticker.nanos()));
      a.accepted(); // headers arrived
      a.firstToken(); // streaming
      b.accepted();
      CompletableFuture<Lease> third = router.routeAsync(request(ticker.nanos()));
      assertThat(third).isNotDone();
      assertThat(router.queueDepth()).isEqualTo(1);
      a.close();
      assertThat(third).isCompleted();
      third.join().close();
      b.close();
    }
  }

  @Test
  void fullQueueRejectsWithRetryAfter() throws Exception {
    try (Router router =
        Router.builder()
            .policy("least-load", Map.of())
            .endpoints(endpoints(1, 1))
            .ticker(ticker)
            .manualExpiry()
            .admission(2, Duration.ofSeconds(30))
            .build()) {
      Lease held = router.route(request(ticker.nanos()));
      CompletableFuture<Lease> w1 = router.routeAsync(request(ticker.nanos()));
      CompletableFuture<Lease> w2 = router.routeAsync(request(ticker.nanos()));
      assertThatThrownBy(() -> router.route(request(ticker.nanos())))
          .isInstanceOfSatisfying(
              RejectedException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(RejectReason.QUEUE_FULL);
                assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
              });
      held.close();
      w1.join().close();
      w2.join().close();
      assertThat(router.queueDepth()).isZero();
    }
  }

  @Test
  void queueEntriesAreRemovedOnTimeout() {
    // regression: the original left timed-out entries in the queue to be dispatched later
    try (Router router = router("least-load", 1, 1)) {
      CompletableFuture<Lease> held = router.routeAsync(request(ticker.nanos()));
      CompletableFuture<Lease> waiting = router.routeAsync(request(ticker.nanos()));
      ticker.advance(59, TimeUnit.SECONDS);
      assertThat(router.expireWaiters()).isZero();
      ticker.advance(2, TimeUnit.SECONDS);
      assertThat(router.expireWaiters()).isEqualTo(1);
      assertThat(router.queueDepth()).isZero();
      assertThat(waiting).isCompletedExceptionally();
      assertThatThrownBy(waiting::join)
          .hasCauseInstanceOf(RejectedException.class)
          .cause()
          .extracting(e -> ((RejectedException) e).reason())
          .isEqualTo(RejectReason.QUEUE_TIMEOUT);
      held.join().close();
      assertThat(router.status().get(0).state().inflightPrefilling()).isZero();
    }
  }

  @Test
  void cancelledWaiterLeavesTheQueueAtOnce() {
    try (Router router = router("least-load", 1, 1)) {
      Lease held = router.routeAsync(request(ticker.nanos())).join();
      CompletableFuture<Lease> waiting = router.routeAsync(request(ticker.nanos()));
      assertThat(router.queueDepth()).isEqualTo(1);
      assertThat(waiting.cancel(true)).isTrue();
      assertThat(router.queueDepth()).isZero();
      held.close();
      assertThat(router.status().get(0).state().inflightPrefilling()).isZero();
    }
  }

  @Test
  void closeRejectsWaitersWithShutdown() {
    Router router = router("least-load", 1, 1);
    Lease held = router.routeAsync(request(ticker.nanos())).join();
    CompletableFuture<Lease> waiting = router.routeAsync(request(ticker.nanos()));
    router.close();
    assertThatThrownBy(waiting::join).hasCauseInstanceOf(RejectedException.class);
    assertThatThrownBy(() -> router.route(request(ticker.nanos())))
        .isInstanceOfSatisfying(
            RejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.SHUTDOWN));
    held.close();
  }

  @Test
  void noEndpointsIsATypedRejection() {
    try (Router router =
        Router.builder().policy("gorgo", Map.of()).ticker(ticker).manualExpiry().build()) {
      assertThatThrownBy(() -> router.route(request(ticker.nanos())))
          .isInstanceOfSatisfying(
              RejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectReason.NO_ENDPOINTS));
    }
  }

  @Test
  void updatesValidateTheirInput() {
    try (Router router = router("gorgo", 2, 10)) {
      assertThatThrownBy(() -> router.updateEngineLoad("e0", -1, 0, 0.5))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> router.updateEngineLoad("e0", 1, 0, 1.5))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> router.updateRtt("e0", Double.NaN))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> router.updateCapacity("e0", 0, 0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> router.addEndpoint(Fixtures.endpoint("e1", "x", 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("e1");
      assertThat(router.updateRtt("nope", 1)).isFalse();
      assertThat(router.removeEndpoint("e1")).isTrue();
      assertThat(router.endpoints()).extracting(e -> e.id()).isEqualTo(List.of("e0"));
    }
  }

  @Test
  void rttIsAMovingAverageWithAlphaPointThree() {
    try (Router router = router("gorgo", 1, 10)) {
      router.updateRtt("e0", 100);
      router.updateRtt("e0", 200);
      assertThat(router.status().get(0).state().rttMillis()).isCloseTo(130.0, within(1e-9));
    }
  }

  @Test
  void distributedRouterKeepsRequestsLocalUntilFullThenForwardsOnce() throws Exception {
    try (Router router =
        Router.builder()
            .policy("gorgo-local", Map.of())
            .endpoints(
                List.of(Fixtures.endpoint("here", "a", 1), Fixtures.endpoint("peer", "b", 4)))
            .localEndpoint("here")
            .ticker(ticker)
            .manualExpiry()
            .build()) {
      router.updateRtt("here", 1);
      router.updateRtt("peer", 20);
      dev.gorgo.api.PromptKey key = Fixtures.key(9, 0, 2000);
      // a long prompt fills the local replica: 1 + 0.094 * 4000 ms of queued prefill there
      Lease local = router.route(Fixtures.request(Fixtures.key(8, 0, 4000), ticker.nanos()));
      assertThat(local.endpoint().id()).isEqualTo("here");
      CompletableFuture<Lease> routed = router.routeAsync(Fixtures.request(key, ticker.nanos()));
      assertThat(routed).isCompleted(); // never blocks the test if the policy disagreed
      Lease forwarded = routed.join();
      assertThat(forwarded.endpoint().id()).isEqualTo("peer");
      dev.gorgo.api.RoutingRequest alreadyForwarded =
          new dev.gorgo.api.RoutingRequest("hop", key, 2000, null, null, ticker.nanos(), 1);
      CompletableFuture<Lease> waits = router.routeAsync(alreadyForwarded);
      assertThat(waits).isNotDone();
      local.close();
      assertThat(waits.join().endpoint().id()).isEqualTo("here");
      waits.join().close();
      forwarded.close();
    }
  }
}
