package dev.gorgo.lambda;

import static dev.gorgo.lambda.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** Client-side rate limits on virtual time, retries and back-off, and the key never leaking. */
class PacingAndRetryTest extends MockApiTest {

  /** Records the virtual time at which each request reached the server. */
  private List<Long> stampRequests(String fixture) {
    List<Long> stamps = new ArrayList<>();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            synchronized (stamps) {
              stamps.add(TimeUnit.NANOSECONDS.toMillis(time.nanoTime()));
            }
            return json(200, r.getUrl().encodedPath().endsWith("launch") ? "launch.json" : fixture);
          }
        });
    return stamps;
  }

  @Test
  void requestsAreSpacedOneSecondApart() {
    List<Long> stamps = stampRequests("images.json");
    for (int i = 0; i < 4; i++) {
      client.listImages();
    }
    assertThat(gaps(stamps)).containsExactly(1000L, 1000L, 1000L);
  }

  @Test
  void slowCallersAreNotDelayedFurther() {
    List<Long> stamps = stampRequests("images.json");
    client.listImages();
    time.advance(TimeUnit.SECONDS.toNanos(5));
    client.listImages();
    assertThat(gaps(stamps)).containsExactly(5000L);
    assertThat(time.sleepsMillis()).isEmpty();
  }

  @Test
  void launchesAreSpacedTwelveSecondsWhileOtherCallsKeepOneSecond() {
    List<Long> stamps = stampRequests("images.json");
    LaunchRequest req = LaunchRequest.of("us-east-1", "gpu_1x_a10", "k");
    client.launch(req);
    client.listImages();
    client.launch(req);
    client.listImages();
    assertThat(gaps(stamps)).containsExactly(1000L, 11000L, 1000L);
  }

  private static List<Long> gaps(List<Long> stamps) {
    List<Long> g = new ArrayList<>();
    for (int i = 1; i < stamps.size(); i++) {
      g.add(stamps.get(i) - stamps.get(i - 1));
    }
    return g;
  }

  @Test
  void tooManyRequestsIsRetriedWithExponentialBackoff() {
    server.enqueue(new MockResponse.Builder().code(429).body("").build());
    server.enqueue(new MockResponse.Builder().code(429).body("").build());
    server.enqueue(json(200, "images.json"));
    assertThat(client.listImages()).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(time.sleepsMillis()).containsExactly(1000L, 2000L);
  }

  @Test
  void retryAfterIsHonoured() {
    server.enqueue(
        new MockResponse.Builder().code(429).setHeader("Retry-After", "7").body("").build());
    server.enqueue(json(200, "images.json"));
    client.listImages();
    assertThat(time.sleepsMillis()).containsExactly(7000L);
  }

  @Test
  void backoffIsCappedAtThirtySeconds() {
    LambdaClient many =
        LambdaClient.builder(ApiKey.of(Fixtures.KEY))
            .baseUrl(server.url("/").uri())
            .timeSource(time)
            .maxAttempts(8)
            .build();
    for (int i = 0; i < 7; i++) {
      server.enqueue(json(503, "errors/provider-unavailable.json"));
    }
    server.enqueue(json(200, "images.json"));
    many.listImages();
    assertThat(time.sleepsMillis())
        .containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L);
    many.close();
  }

  @Test
  void providerErrorOnLaunchIsRetriedBecauseNothingWasLaunched() {
    server.enqueue(json(503, "errors/provider-unavailable.json"));
    server.enqueue(json(200, "launch.json"));
    assertThat(client.launch(LaunchRequest.of("us-east-1", "gpu_1x_a10", "k"))).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
    // The retry waited for the back-off (1 s) and then for the launch slot (12 s after the first).
    assertThat(time.sleepsMillis()).containsExactly(1000L, 11000L);
  }

  @Test
  void aBareServerErrorOnLaunchIsNotRetriedToAvoidDoubleLaunch() {
    server.enqueue(new MockResponse.Builder().code(500).body("oops").build());
    assertThatThrownBy(() -> client.launch(LaunchRequest.of("us-east-1", "gpu_1x_a10", "k")))
        .isInstanceOf(LambdaException.ServerError.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aBareServerErrorOnAReadIsRetried() {
    server.enqueue(new MockResponse.Builder().code(500).body("oops").build());
    server.enqueue(json(200, "images.json"));
    assertThat(client.listImages()).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aDroppedConnectionOnAReadIsRetried() {
    server.enqueue(
        new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, "images.json"));
    assertThat(client.listImages()).hasSize(1);
    assertThat(time.sleepsMillis()).contains(1000L);
  }

  @Test
  void aDroppedConnectionOnLaunchIsNotRetried() {
    server.enqueue(
        new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, "images.json"));
    assertThatThrownBy(() -> client.launch(LaunchRequest.of("us-east-1", "gpu_1x_a10", "k")))
        .isInstanceOf(LambdaException.TransportError.class)
        .hasMessageStartingWith("POST /api/v1/instance-operations/launch failed");
    // No back-off sleep happened and the queued success was never consumed: no second attempt.
    assertThat(time.sleepsMillis()).isEmpty();
    assertThat(client.listImages()).hasSize(1);
  }

  @Test
  void aStalledServerHitsTheReadTimeout() {
    LambdaClient impatient =
        LambdaClient.builder(ApiKey.of(Fixtures.KEY))
            .baseUrl(server.url("/").uri())
            .timeSource(time)
            .maxAttempts(1)
            .timeouts(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(5))
            .build();
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    assertThatThrownBy(impatient::listImages)
        .isInstanceOf(LambdaException.TransportError.class)
        .hasCauseInstanceOf(java.io.InterruptedIOException.class);
    impatient.close();
  }

  @Test
  void theKeyNeverAppearsInLogsExceptionsOrToString() {
    Logger jul = Logger.getLogger("dev.gorgo.lambda");
    List<String> logged = new ArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            Object[] p = r.getParameters();
            logged.add(r.getMessage() + " " + (p == null ? "" : List.of(p)));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level old = jul.getLevel();
    jul.setLevel(Level.ALL);
    jul.addHandler(h);
    try {
      String echo =
          "{\"error\":{\"code\":\"global/invalid-api-key\",\"message\":\"key "
              + Fixtures.KEY
              + " is invalid\",\"suggestion\":\"rotate "
              + Fixtures.KEY
              + "\"}}";
      server.enqueue(new MockResponse.Builder().code(429).body("").build());
      server.enqueue(new MockResponse.Builder().code(401).body(echo).build());
      LambdaException e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              LambdaException.class, client::listInstances);
      assertThat(e.getMessage()).doesNotContain(Fixtures.KEY).contains("key *** is invalid");
      assertThat(e.suggestion()).doesNotContain(Fixtures.KEY);
      assertThat(logged).isNotEmpty().noneMatch(l -> l.contains(Fixtures.KEY));
      assertThat(client.toString()).doesNotContain(Fixtures.KEY);
      assertThat(ApiKey.of(Fixtures.KEY).toString()).doesNotContain(Fixtures.KEY);
    } finally {
      jul.removeHandler(h);
      jul.setLevel(old);
    }
  }

  @Test
  void keyComesFromTheEnvironmentOrAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws IOException {
    assertThat(ApiKey.fromEnvironment(Map.of())).isEmpty();
    java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("key"), "  abc123\n");
    assertThat(ApiKey.fromEnvironment(Map.of("LAMBDA_API_KEY_FILE", f.toString()))).isPresent();
    assertThat(ApiKey.fromEnvironment(Map.of("LAMBDA_API_KEY", "xyz"))).isPresent();
    java.nio.file.Path empty = java.nio.file.Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> ApiKey.fromFile(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> ApiKey.of("a b")).hasMessageNotContaining("a b");
  }
}
