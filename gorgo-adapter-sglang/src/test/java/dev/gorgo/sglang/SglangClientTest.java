package dev.gorgo.sglang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gorgo.api.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SglangClientTest {
  private MockWebServer server;
  private URI base;
  private SglangClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    base = URI.create("http://127.0.0.1:" + server.getPort());
    client =
        SglangClient.builder()
            .readIdleTimeout(Duration.ofSeconds(5))
            .probeTimeout(Duration.ofSeconds(1))
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static MockResponse.Builder sse() {
    return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream; charset=utf-8");
  }

  private static byte[] chatBody() {
    return "{\"model\":\"qwen\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Regression: the original relayed SSE without a flush per event; each write here is one event.
   */
  @Test
  void streamSplitAtAwkwardBoundariesIsRelayedOneEventPerWrite() throws Exception {
    String stream = SglangStreams.chatStream(5);
    server.enqueue(sse().chunkedBody(stream, 7).build());
    RecordingSink sink = new RecordingSink();
    ForwardRequest request =
        new ForwardRequest(
            "POST",
            "/v1/chat/completions",
            Map.of("Host", "proxy.example", "X-Custom", "kept", "Connection", "close"),
            chatBody(),
            null,
            "req-1");

    ForwardResult result = client.forward(base, request, sink);

    assertThat(result.ending()).isEqualTo(ForwardResult.Ending.COMPLETED);
    assertThat(result.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(result.status()).isEqualTo(200);
    assertThat(sink.text()).isEqualTo(stream);
    assertThat(sink.writes).hasSize(9).allSatisfy(w -> assertThat(w).endsWith("\n\n"));
    assertThat(sink.writes)
        .allSatisfy(w -> assertThat(w.indexOf("\n\n")).isEqualTo(w.length() - 2));
    assertThat(sink.writesBeforeFirstContent).as("role-only chunk is not content").isEqualTo(1);
    assertThat(result.ttftNanos()).isPositive().isEqualTo(sink.ttftNanos);
    assertThat(result.usage()).isEqualTo(new Usage(42, 5, 32));
    assertThat(result.events()).isEqualTo(9);
    assertThat(sink.head.isEventStream()).isTrue();
    assertThat(sink.head.headers()).doesNotContainKey("transfer-encoding");

    RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.getHeaders().get("X-Request-ID")).isEqualTo("req-1");
    assertThat(recorded.getHeaders().get("X-Custom")).isEqualTo("kept");
    assertThat(recorded.getHeaders().get("Host")).doesNotContain("proxy.example");
    assertThat(recorded.getBody().utf8()).isEqualTo(new String(chatBody(), StandardCharsets.UTF_8));
  }

  @Test
  void completionsAndGenerateStreamsMarkFirstContent() {
    String completions =
        "data: {\"id\":\"r\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"Hel\",\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"r\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"lo\",\"finish_reason\":\"length\"}]}\n\n"
            + "data: [DONE]\n\n";
    server.enqueue(sse().chunkedBody(completions, 3).build());
    RecordingSink sink = new RecordingSink();
    ForwardResult r =
        client.forward(
            base, ForwardRequest.post("/v1/completions", new byte[] {'{', '}'}, null), sink);
    assertThat(r.succeeded()).isTrue();
    assertThat(sink.writesBeforeFirstContent).isZero();

    String generate =
        "data: {\"text\":\"\",\"meta_info\":{\"id\":\"g\",\"prompt_tokens\":9,\"completion_tokens\":0,\"cached_tokens\":0}}\n\n"
            + "data: {\"text\":\"A\",\"meta_info\":{\"id\":\"g\",\"prompt_tokens\":9,\"completion_tokens\":1,\"cached_tokens\":6}}\n\n"
            + "data: [DONE]\n\n";
    server.enqueue(sse().chunkedBody(generate, 1).build());
    RecordingSink gsink = new RecordingSink();
    ForwardResult g =
        client.forward(base, ForwardRequest.post("/generate", new byte[] {'{', '}'}, null), gsink);
    assertThat(g.succeeded()).isTrue();
    assertThat(gsink.writesBeforeFirstContent).isEqualTo(1);
    assertThat(g.usage()).isEqualTo(new Usage(9, 1, 6));
  }

  @Test
  void nonStreamedAnswerIsRelayedWithUsage() {
    String json =
        "{\"id\":\"r\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4,\"prompt_tokens_details\":null}}";
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/json")
            .body(json)
            .build());
    RecordingSink sink = new RecordingSink();
    ForwardResult r =
        client.forward(base, ForwardRequest.post("/v1/chat/completions", chatBody(), null), sink);
    assertThat(r.succeeded()).isTrue();
    assertThat(sink.text()).isEqualTo(json);
    assertThat(r.usage()).isEqualTo(new Usage(3, 1, -1));
    assertThat(r.ttftNanos()).isPositive();
  }

  @Test
  void badRequestIsRelayedAsItIs() {
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .setHeader("Content-Type", "application/json")
            .body(SglangStreams.BAD_REQUEST)
            .build());
    RecordingSink sink = new RecordingSink();
    ForwardResult r =
        client.forward(
            base, ForwardRequest.post("/v1/chat/completions", chatBody(), null), sink, true);
    assertThat(r.ending()).isEqualTo(ForwardResult.Ending.COMPLETED);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.outcome()).isEqualTo(Outcome.NOT_ACCEPTED);
    assertThat(sink.head.status()).isEqualTo(400);
    assertThat(sink.text()).isEqualTo(SglangStreams.BAD_REQUEST);
    assertThat(r.ttftNanos()).isEqualTo(-1);
  }

  @Test
  void queueFull503IsHeldBackForARetryOrRelayedWhenLast() {
    MockResponse full =
        new MockResponse.Builder()
            .code(503)
            .setHeader("Content-Type", "application/json")
            .body("{\"object\":\"error\",\"message\":\"The request queue is full.\",\"code\":503}")
            .build();
    server.enqueue(full);
    server.enqueue(full);
    RecordingSink held = new RecordingSink();
    ForwardResult r =
        client.forward(
            base, ForwardRequest.post("/v1/chat/completions", chatBody(), null), held, true);
    assertThat(r.ending()).isEqualTo(ForwardResult.Ending.NOT_STARTED);
    assertThat(r.status()).isEqualTo(503);
    assertThat(held.starts).isZero();
    assertThat(held.writes).isEmpty();

    RecordingSink relayed = new RecordingSink();
    ForwardResult last =
        client.forward(
            base, ForwardRequest.post("/v1/chat/completions", chatBody(), null), relayed, false);
    assertThat(last.ending()).isEqualTo(ForwardResult.Ending.COMPLETED);
    assertThat(relayed.head.status()).isEqualTo(503);
    assertThat(relayed.text()).contains("queue is full");
  }

  @Test
  void queueFullInsideA200StreamIsAStreamError() {
    server.enqueue(sse().body(SglangStreams.QUEUE_FULL_STREAM).build());
    RecordingSink sink = new RecordingSink();
    ForwardResult r =
        client.forward(base, ForwardRequest.post("/v1/chat/completions", chatBody(), null), sink);
    assertThat(r.ending()).isEqualTo(ForwardResult.Ending.COMPLETED);
    assertThat(r.streamError()).isTrue();
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.ttftNanos()).isEqualTo(-1);
    assertThat(sink.text()).isEqualTo(SglangStreams.QUEUE_FULL_STREAM);
  }

  @Test
  void streamCutBeforeDoneIsAnUpstreamFailure() {
    String stream = SglangStreams.chatStream(3);
    String cut = stream.substring(0, stream.indexOf("data: [DONE]"));
    server.enqueue(sse().body(cut).build());
    RecordingSink sink = new RecordingSink();
    ForwardResult r =
        client.forward(base, ForwardRequest.post("/v1/chat/completions", chatBody(), null), sink);
    assertThat(r.ending()).isEqualTo(ForwardResult.Ending.UPSTREAM_FAILED);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(sink.text()).isEqualTo(cut);
  }

  @Test
  void droppedConnectionMidStreamIsAnUpstreamFailure() {
    String stream = SglangStreams.chatStream(50);
    server.enqueue(
        sse()
            .chunkedBody(stream, 64)
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    RecordingSink sink = new RecordingSink();
    ForwardResult r =
        client.forward(base, ForwardRequest.post("/v1/chat/completions", chatBody(), null), sink);
    assertThat(r.ending()).isEqualTo(ForwardResult.Ending.UPSTREAM_FAILED);
    assertThat(r.outcome()).isIn(Outcome.FAILED);
    assertThat(stream).startsWith(sink.text());
  }

  @Test
  void stalledStreamEndsAtTheReadIdleTimeout() {
    SglangClient impatient = SglangClient.builder().readIdleTimeout(Duration.ofSeconds(1)).build();
    server.enqueue(
        sse()
            .body(SglangStreams.chatStream(2))
            .onResponseBody(SocketEffect.Stall.INSTANCE)
            .build());
    RecordingSink sink = new RecordingSink();
    ForwardResult r =
        impatient.forward(
            base, ForwardRequest.post("/v1/chat/completions", chatBody(), null), sink);
    impatient.close();
    assertThat(r.ending()).isEqualTo(ForwardResult.Ending.UPSTREAM_FAILED);
    assertThat(r.failure()).isInstanceOf(java.net.SocketTimeoutException.class);
    assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(sink.starts).isEqualTo(1);
  }

  /** Regression: the original's 60 s whole-call timeout cut long streams. */
  @Test
  void streamLongerThanTheIdleTimeoutIsNotCutWhileItProduces() {
    SglangClient idle1s = SglangClient.builder().readIdleTimeout(Duration.ofSeconds(1)).build();
    String stream = SglangStreams.chatStream(40);
    // 200 bytes every 50 ms: the whole stream takes about 2 s, twice the idle timeout
    server.enqueue(sse().body(stream).throttleBody(200, 50, TimeUnit.MILLISECONDS).build());
    RecordingSink sink = new RecordingSink();
    ForwardResult r =
        idle1s.forward(base, ForwardRequest.post("/v1/chat/completions", chatBody(), null), sink);
    idle1s.close();
    assertThat(r.failure()).isNull();
    assertThat(r.succeeded()).isTrue();
    assertThat(r.durationNanos()).isGreaterThan(TimeUnit.SECONDS.toNanos(1));
    assertThat(sink.text()).isEqualTo(stream);
  }

  @Test
  void callerGoingAwayCancelsTheUpstreamCall() throws Exception {
    server.enqueue(
        sse()
            .body(SglangStreams.chatStream(200))
            .throttleBody(256, 5, TimeUnit.MILLISECONDS)
            .build());
    server.enqueue(new MockResponse.Builder().body("{\"object\":\"list\",\"data\":[]}").build());
    RecordingSink sink = new RecordingSink(3);
    ForwardResult r =
        client.forward(base, ForwardRequest.post("/v1/chat/completions", chatBody(), null), sink);
    assertThat(r.ending()).isEqualTo(ForwardResult.Ending.CALLER_GONE);
    assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(sink.writes).hasSize(2);
    // The cancelled call's connection is closed, not returned to the pool: the next call opens a
    // new one.
    client.live(base);
    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(second.getConnectionIndex()).isNotEqualTo(first.getConnectionIndex());
  }

  @Test
  void connectionRefusedIsNotStarted() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RecordingSink sink = new RecordingSink();
    ForwardResult r =
        client.forward(
            URI.create("http://127.0.0.1:" + port),
            ForwardRequest.post("/generate", chatBody(), null),
            sink);
    assertThat(r.ending()).isEqualTo(ForwardResult.Ending.NOT_STARTED);
    assertThat(r.status()).isEqualTo(-1);
    assertThat(r.failure()).isNotNull();
    assertThat(sink.starts).isZero();
    assertThat(client.flushCache(URI.create("http://127.0.0.1:" + port)))
        .isEqualTo(FlushResult.UNAVAILABLE);
    assertThat(client.live(URI.create("http://127.0.0.1:" + port))).isFalse();
  }

  @Test
  void serverInfoFallsBackToTheNewPath() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).body("{\"detail\":\"Not Found\"}").build());
    server.enqueue(new MockResponse.Builder().body(ServerInfoTest.MODERN).build());
    ServerInfo info = client.serverInfo(base);
    assertThat(info.maxRunningRequests()).isEqualTo(128);
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/get_server_info");
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/server_info");
  }

  @Test
  void metricsScrapeAndItsFailures() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/plain; version=0.0.4")
            .chunkedBody(SglangMetricsTest.MODERN, 5)
            .build());
    SglangMetrics m = client.metrics(base);
    assertThat(m.runningRequests()).isEqualTo(7);
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/metrics");

    server.enqueue(new MockResponse.Builder().code(404).body("{\"detail\":\"Not Found\"}").build());
    assertThatThrownBy(() -> client.metrics(base))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("404");

    server.enqueue(
        new MockResponse.Builder()
            .body(SglangMetricsTest.MODERN)
            .headersDelay(2, TimeUnit.SECONDS)
            .build());
    assertThatThrownBy(() -> client.metrics(base)).isInstanceOf(IOException.class);
  }

  @Test
  void flushRefusalIsSurfaced() throws Exception {
    String text =
        "Cache flushed. Please check backend logs for more details. (When there are running or waiting requests, the operation will not be performed.)";
    server.enqueue(new MockResponse.Builder().code(200).body(text).build());
    server.enqueue(new MockResponse.Builder().code(400).body(text).build());
    server.enqueue(
        new MockResponse.Builder().code(401).body("{\"error\":\"Unauthorized\"}").build());
    server.enqueue(new MockResponse.Builder().code(500).body("").build());
    assertThat(client.flushCache(base)).isEqualTo(FlushResult.FLUSHED);
    assertThat(client.flushCache(base)).isEqualTo(FlushResult.REFUSED_BUSY);
    assertThat(client.flushCache(base)).isEqualTo(FlushResult.UNAUTHORIZED);
    assertThat(client.flushCache(base)).isEqualTo(FlushResult.UNAVAILABLE);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/flush_cache");
  }

  /** Regression: the original probed RTT on a /health that runs a generation. */
  @Test
  void rttProbeUsesACheapPathAndSubtractsServerTime() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Server-Timing", "app;dur=400")
            .headersDelay(450, TimeUnit.MILLISECONDS)
            .body("{\"object\":\"list\",\"data\":[]}")
            .build());
    SglangClient patient = SglangClient.builder().probeTimeout(Duration.ofSeconds(5)).build();
    double rtt = patient.rttMillis(base);
    patient.close();
    assertThat(rtt).isGreaterThanOrEqualTo(0);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/models");
    assertThat(
            SglangClient.serverTimingMillis(
                List.of("db;dur=1.5, app;desc=\"x\";dur=2", "cache;dur=x")))
        .isEqualTo(3.5);
    assertThatThrownBy(() -> SglangClient.builder().rttPath("/health"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readinessAndLivenessAndApiKey() throws Exception {
    SglangClient keyed = SglangClient.builder().apiKey("k-123").build();
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(200).build());
    server.enqueue(
        new MockResponse.Builder().code(401).body("{\"error\":\"Unauthorized\"}").build());
    assertThat(keyed.ready(base)).isFalse();
    assertThat(keyed.ready(base)).isTrue();
    assertThat(keyed.live(base)).isTrue();
    keyed.close();
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/health");
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer k-123");
  }

  @Test
  void oversizedEventFailsTheStream() {
    SglangClient small = SglangClient.builder().maxEventBytes(1024).build();
    Buffer big = new Buffer().writeUtf8("data: " + "x".repeat(5000) + "\n\n");
    server.enqueue(sse().body(big).build());
    RecordingSink sink = new RecordingSink();
    ForwardResult r = small.forward(base, ForwardRequest.post("/generate", chatBody(), null), sink);
    small.close();
    assertThat(r.ending()).isEqualTo(ForwardResult.Ending.UPSTREAM_FAILED);
    assertThat(r.failure()).hasMessageContaining("larger than");
  }
}
