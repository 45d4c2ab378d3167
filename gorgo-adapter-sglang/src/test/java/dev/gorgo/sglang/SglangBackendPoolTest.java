package dev.gorgo.sglang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Health;
import dev.gorgo.api.PromptKey;
import dev.gorgo.api.RejectReason;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.router.EndpointStatus;
import dev.gorgo.router.RejectedException;
import dev.gorgo.router.Router;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SglangBackendPoolTest {
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    closeables.add(c);
    return c;
  }

  private FakeSglang replica() throws Exception {
    return closeLater(new FakeSglang());
  }

  private Router router(FakeSglang... replicas) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < replicas.length; i++) {
      endpoints.add(Endpoint.of("r" + i, replicas[i].uri(), "local"));
    }
    return closeLater(
        Router.builder().policy("round-robin", Map.of()).endpoints(endpoints).build());
  }

  private SglangBackendPool.Builder pool(Router router) {
    return SglangBackendPool.builder(router)
        .metrics(Duration.ofMillis(50), Duration.ofMillis(500))
        .rttPeriod(Duration.ofMillis(20));
  }

  private static EndpointStatus status(Router router, String id) {
    return router.status().stream()
        .filter(s -> s.endpoint().id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private RoutingRequest request() {
    PromptKey key = PromptKeyer.characters().key("user: hello\n");
    return RoutingRequest.of("q" + ids.incrementAndGet(), key, System.nanoTime());
  }

  private static ForwardRequest chat() {
    return ForwardRequest.post(
        "/v1/chat/completions",
        "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"
            .getBytes(StandardCharsets.UTF_8),
        null);
  }

  @Test
  void pollingFeedsLoadRttHealthAndCapacityIntoTheRouter() throws Exception {
    FakeSglang a = replica();
    Router router = router(a);
    SglangBackendPool pool = closeLater(pool(router).build());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              EndpointStatus s = status(router, "r0");
              assertThat(s.state().engineRunning()).isEqualTo(7);
              assertThat(s.state().engineQueued()).isEqualTo(3);
              assertThat(s.state().kvUsage()).isEqualTo(0.25);
              assertThat(s.state().rttMillis()).isNotNaN();
              assertThat(s.state().health()).isEqualTo(Health.HEALTHY);
              assertThat(s.endpoint().maxRunning()).isEqualTo(128);
              assertThat(s.endpoint().kvCapacityTokens()).isEqualTo(20480);
            });
    assertThat(pool.lastMetrics("r0").runningRequests()).isEqualTo(7);
    assertThat(pool.serverInfo("r0").maxTotalNumTokens()).isEqualTo(20480);
  }

  @Test
  void downReplicaTurnsUnhealthyAndRecovers() throws Exception {
    FakeSglang a = replica();
    Router router = router(a);
    closeLater(pool(router).build());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(router, "r0").state().health() == Health.HEALTHY);
    a.down = true;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(router, "r0").state().health() == Health.UNHEALTHY);
    a.down = false;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(router, "r0").state().health() == Health.HEALTHY);
  }

  @Test
  void serverWithoutMetricsStaysUsable() throws Exception {
    FakeSglang a = replica();
    a.metricsEnabled = false;
    Router router = router(a);
    SglangBackendPool pool = closeLater(pool(router).build());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(router, "r0").state().health() == Health.HEALTHY);
    assertThat(pool.lastMetrics("r0")).isNull();
    assertThat(pool.forward(request(), chat(), new RecordingSink()).succeeded()).isTrue();
  }

  @Test
  void loadComesFromV1LoadsWhenMetricsAreDisabled() throws Exception {
    FakeSglang a = replica();
    a.metricsEnabled = false;
    a.loadsEnabled = true;
    Router router = router(a);
    SglangBackendPool pool = closeLater(pool(router).build());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              EndpointStatus s = status(router, "r0");
              assertThat(s.state().engineRunning()).isEqualTo(10);
              assertThat(s.state().engineQueued()).isEqualTo(3);
              assertThat(s.state().kvUsage()).isEqualTo(0.2);
            });
    assertThat(pool.lastMetrics("r0").maxTotalTokens()).isEqualTo(20000);
  }

  @Test
  void retriesOnAnotherReplicaWhileNothingWasRelayed() throws Exception {
    FakeSglang full = replica();
    full.chat = FakeSglang.Chat.QUEUE_FULL_503;
    FakeSglang ok = replica();
    Router router = router(full, ok);
    SglangBackendPool pool =
        closeLater(pool(router).retries(3, Duration.ofMillis(1), Duration.ofMillis(5)).build());
    for (int i = 0; i < 6; i++) {
      RecordingSink sink = new RecordingSink();
      ForwardResult r = pool.forward(request(), chat(), sink);
      assertThat(r.succeeded()).isTrue();
      assertThat(sink.starts).isEqualTo(1);
      assertThat(sink.head.status()).isEqualTo(200);
      assertThat(sink.text())
          .isEqualTo(SglangStreams.chatStream(3))
          .doesNotContain("queue is full");
    }
    assertThat(full.chatRequests.get()).isPositive();
    assertThat(ok.chatRequests.get()).isEqualTo(6);
    assertThat(router.status())
        .allSatisfy(
            s ->
                assertThat(s.state().inflightPrefilling() + s.state().inflightDecoding()).isZero());
  }

  /** A policy that keeps preferring the failing replica must not be retried onto it again. */
  @Test
  void retryAvoidsTheReplicaThatJustFailedEvenWhenThePolicyPrefersIt() throws Exception {
    FakeSglang full = replica();
    full.chat = FakeSglang.Chat.QUEUE_FULL_503;
    FakeSglang ok = replica();
    Router router =
        closeLater(
            Router.builder()
                .policy("least-load", Map.of()) // idle tie: always the first replica
                .endpoints(
                    List.of(
                        Endpoint.of("r0", full.uri(), "local"),
                        Endpoint.of("r1", ok.uri(), "local")))
                .build());
    SglangBackendPool pool =
        closeLater(pool(router).retries(2, Duration.ofMillis(1), Duration.ofMillis(5)).build());
    for (int i = 0; i < 3; i++) {
      RecordingSink sink = new RecordingSink();
      ForwardResult r = pool.forward(request(), chat(), sink);
      assertThat(r.succeeded()).isTrue();
      assertThat(sink.head.status()).isEqualTo(200);
    }
    assertThat(full.chatRequests.get()).isPositive(); // the retry path was taken
    assertThat(ok.chatRequests.get()).isEqualTo(3);
  }

  @Test
  void lastAttemptRelaysTheRetryableAnswer() throws Exception {
    FakeSglang full = replica();
    full.chat = FakeSglang.Chat.QUEUE_FULL_503;
    Router router = router(full);
    SglangBackendPool pool =
        closeLater(
            pool(router)
                .retries(2, Duration.ofMillis(1), Duration.ofMillis(2))
                .breaker(100, Duration.ofSeconds(1))
                .build());
    RecordingSink sink = new RecordingSink();
    ForwardResult r = pool.forward(request(), chat(), sink);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.ending()).isEqualTo(ForwardResult.Ending.COMPLETED);
    assertThat(sink.text()).contains("queue is full");
    assertThat(full.chatRequests.get()).isEqualTo(2);
  }

  @Test
  void noRetryOnceTheFirstByteWasRelayed() throws Exception {
    FakeSglang a = replica();
    FakeSglang b = replica();
    a.chat = FakeSglang.Chat.DROP_MID_STREAM;
    b.chat = FakeSglang.Chat.DROP_MID_STREAM;
    Router router = router(a, b);
    SglangBackendPool pool = closeLater(pool(router).breaker(100, Duration.ofSeconds(1)).build());
    for (int i = 0; i < 4; i++) {
      ForwardResult r = pool.forward(request(), chat(), new RecordingSink());
      assertThat(r.ending()).isEqualTo(ForwardResult.Ending.UPSTREAM_FAILED);
    }
    assertThat(a.chatRequests.get() + b.chatRequests.get()).isEqualTo(4);
  }

  @Test
  void breakerOpensOnRepeatedErrorsAndReportsTheReplicaDown() throws Exception {
    FakeSglang broken = replica();
    broken.chat = FakeSglang.Chat.ERROR_500;
    Router router = router(broken);
    SglangBackendPool pool =
        closeLater(
            pool(router)
                .retries(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .breaker(2, Duration.ofHours(1))
                .build());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(router, "r0").state().health() == Health.HEALTHY);
    pool.forward(request(), chat(), new RecordingSink());
    assertThat(pool.breakerState("r0")).isEqualTo(BreakerState.CLOSED);
    pool.forward(request(), chat(), new RecordingSink());
    assertThat(pool.breakerState("r0")).isEqualTo(BreakerState.OPEN);
    assertThat(status(router, "r0").state().health()).isEqualTo(Health.UNHEALTHY);
    // probes still succeed, but are withheld while the breaker is open
    int before = broken.requests.get();
    await().atMost(Duration.ofSeconds(10)).until(() -> broken.requests.get() > before + 10);
    assertThat(status(router, "r0").state().health()).isEqualTo(Health.UNHEALTHY);
  }

  @Test
  void halfOpenBreakerReadmitsThroughProbesAndClosesOnSuccess() throws Exception {
    FakeSglang flaky = replica();
    flaky.chat = FakeSglang.Chat.ERROR_500;
    Router router = router(flaky);
    SglangBackendPool pool =
        closeLater(
            pool(router)
                .retries(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .breaker(1, Duration.ofMillis(200))
                .build());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(router, "r0").state().health() == Health.HEALTHY);
    pool.forward(request(), chat(), new RecordingSink());
    assertThat(pool.breakerState("r0")).isIn(BreakerState.OPEN, BreakerState.HALF_OPEN);
    flaky.chat = FakeSglang.Chat.STREAM;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(router, "r0").state().health() == Health.HEALTHY);
    assertThat(pool.forward(request(), chat(), new RecordingSink()).succeeded()).isTrue();
    assertThat(pool.breakerState("r0")).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void rejectionsComeFromTheRouter() throws Exception {
    Router empty =
        closeLater(Router.builder().policy("round-robin", Map.of()).endpoints(List.of()).build());
    SglangBackendPool pool = closeLater(pool(empty).build());
    assertThatThrownBy(() -> pool.forward(request(), chat(), new RecordingSink()))
        .isInstanceOf(RejectedException.class)
        .extracting(e -> ((RejectedException) e).reason())
        .isIn(RejectReason.NO_ENDPOINTS, RejectReason.QUEUE_TIMEOUT);
  }

  @Test
  void closeStopsEveryTimerAndPoll() throws Exception {
    FakeSglang a = replica();
    Router router = router(a);
    SglangBackendPool pool = pool(router).build();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.requests.get() > 5);
    pool.close();
    pool.close();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("gorgo-sglang-pool-")));
    int after = a.requests.get();
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> a.requests.get() == after);
  }
}
