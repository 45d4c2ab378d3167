package dev.gorgo.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorgo.proxy.config.ProxyConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The failure behaviours of issue 8, each against real HTTP servers on loopback (stub replicas that
 * can die mid-stream or hold requests), with the proxy's in-flight accounting checked to return to
 * zero after every test.
 */
class ProxyFailureTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CHAT =
      "{\"model\":\"stub-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there, how are you?\"}]}";
  static final String CHAT_STREAM =
      "{\"model\":\"stub-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}";

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final List<AutoCloseable> closeables = new ArrayList<>();
  final List<ProxyServer> proxies = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (StubReplica s : stubs()) {
      s.release();
    }
    for (ProxyServer p : proxies) {
      await("proxy in-flight accounting returns to zero")
          .atMost(Duration.ofSeconds(10))
          .until(p::idle);
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private List<StubReplica> stubs() {
    List<StubReplica> out = new ArrayList<>();
    for (AutoCloseable c : closeables) {
      if (c instanceof StubReplica s) {
        out.add(s);
      }
    }
    return out;
  }

  StubReplica stub() {
    StubReplica s = new StubReplica("stub-model");
    closeables.add(s);
    return s;
  }

  ProxyServer proxy(ProxyConfig config) {
    ProxyServer p = ProxyServer.start(config);
    closeables.add(p);
    proxies.add(p);
    return p;
  }

  static ProxyConfig.Builder config(URI... backends) {
    ProxyConfig.Builder b = ProxyConfig.builder().listen("127.0.0.1", 0);
    for (int i = 0; i < backends.length; i++) {
      b.backend("r" + i, backends[i], "region-" + i);
    }
    return b;
  }

  HttpResponse<String> post(ProxyServer p, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(p.uri().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      rb.headers(headers);
    }
    return http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode error(HttpResponse<String> r) throws Exception {
    JsonNode doc = JSON.readTree(r.body());
    assertThat(doc.has("error")).as("OpenAI error shape: %s", r.body()).isTrue();
    assertThat(doc.get("error").get("message").asText()).isNotBlank();
    assertThat(doc.get("error").has("type")).isTrue();
    return doc.get("error");
  }

  @Test
  void nonStreamingAnswerIsRelayedWithTheRequestId() throws Exception {
    StubReplica a = stub();
    ProxyServer p = proxy(config(a.uri()).build());
    HttpResponse<String> r = post(p, "/v1/chat/completions", CHAT, "X-Request-Id", "req-123");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("choices").get(0).get("message").get("content").asText())
        .isEqualTo("tok0 tok1");
    assertThat(r.headers().firstValue("X-Request-Id")).hasValue("req-123");
    assertThat(a.requestIds).containsExactly("req-123");
    // Without one, the proxy makes an id and returns it.
    HttpResponse<String> r2 = post(p, "/generate", "{\"text\":\"hi\"}");
    assertThat(r2.statusCode()).isEqualTo(200);
    String generated = r2.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(generated).startsWith("gorgo-");
    assertThat(a.requestIds).contains(generated);
  }

  @Test
  void streamIsRelayedEventByEvent() throws Exception {
    StubReplica a = stub();
    a.tokens = 6;
    ProxyServer p = proxy(config(a.uri()).build());
    HttpResponse<String> r = post(p, "/v1/chat/completions", CHAT_STREAM);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    List<String> events = r.body().lines().filter(l -> l.startsWith("data: ")).toList();
    assertThat(events).hasSize(7);
    assertThat(events.get(6)).isEqualTo("data: [DONE]");
    assertThat(events.get(0)).contains("tok0");
  }

  @Test
  void malformedJsonIs400() throws Exception {
    ProxyServer p = proxy(config(stub().uri()).build());
    HttpResponse<String> r = post(p, "/v1/chat/completions", "{\"messages\": [ {\"role\": ");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).get("code").asText()).isEqualTo("malformed_json");
    HttpResponse<String> missing = post(p, "/v1/completions", "{\"model\":\"stub-model\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    error(missing);
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    ProxyServer p = proxy(config(stub().uri()).maxBodyBytes(2048).build());
    String big = "{\"prompt\":\"" + "x".repeat(4096) + "\"}";
    HttpResponse<String> r = post(p, "/v1/completions", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(error(r).get("code").asText()).isEqualTo("request_too_large");
  }

  @Test
  void unknownModelIs404() throws Exception {
    StubReplica a = stub();
    ProxyServer p = proxy(config(a.uri()).build());
    HttpResponse<String> r =
        post(p, "/v1/chat/completions", CHAT.replace("stub-model", "no-such-model"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(error(r).get("code").asText()).isEqualTo("model_not_found");
    assertThat(a.requests.get()).isZero();
  }

  @Test
  void queueFullIs429WithRetryAfter() throws Exception {
    StubReplica a = stub();
    a.mode = StubReplica.Mode.HOLD;
    ProxyServer p =
        proxy(
            ProxyConfig.builder()
                .listen("127.0.0.1", 0)
                .backend(new ProxyConfig.Backend("r0", a.uri(), "region-0", 1))
                .queue(1, Duration.ofSeconds(30))
                .build());
    CompletableFuture<HttpResponse<String>> running = postAsync(p, CHAT);
    await().until(() -> a.inFlight.get() == 1);
    CompletableFuture<HttpResponse<String>> queued = postAsync(p, CHAT);
    await().until(() -> p.router().queueDepth() == 1);
    HttpResponse<String> r = post(p, "/v1/chat/completions", CHAT);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
    assertThat(error(r).get("code").asText()).isEqualTo("queue_full");
    a.release();
    assertThat(running.get().statusCode()).isEqualTo(200);
    assertThat(queued.get().statusCode()).isEqualTo(200);
  }

  @Test
  void queueTimeoutIs504() throws Exception {
    StubReplica a = stub();
    a.mode = StubReplica.Mode.HOLD;
    ProxyServer p =
        proxy(
            ProxyConfig.builder()
                .listen("127.0.0.1", 0)
                .backend(new ProxyConfig.Backend("r0", a.uri(), "region-0", 1))
                .queue(10, Duration.ofMillis(300))
                .build());
    CompletableFuture<HttpResponse<String>> running = postAsync(p, CHAT);
    await().until(() -> a.inFlight.get() == 1);
    HttpResponse<String> r = post(p, "/v1/chat/completions", CHAT);
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(error(r).get("code").asText()).isEqualTo("queue_timeout");
    assertThat(p.router().queueDepth()).isZero();
    a.release();
    assertThat(running.get().statusCode()).isEqualTo(200);
  }

  @Test
  void allReplicasDownIs503() throws Exception {
    ProxyServer p = proxy(config(deadUri(), deadUri()).build());
    HttpResponse<String> r = post(p, "/v1/chat/completions", CHAT);
    assertThat(r.statusCode()).isEqualTo(503);
    error(r);
  }

  @Test
  void replicaDeadBeforeTheFirstByteIsRetriedElsewhere() throws Exception {
    StubReplica live = stub();
    ProxyServer p = proxy(config(deadUri(), live.uri()).policy("round-robin", Map.of()).build());
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> r = post(p, "/v1/chat/completions", CHAT);
      assertThat(r.statusCode()).as("request %d", i).isEqualTo(200);
    }
    assertThat(live.requests.get()).isEqualTo(6);
    assertThat(scrape(p)).contains("gorgo_proxy_retries_total{endpoint=\"r0\"}");
  }

  @Test
  void overloadedReplicaAnswerIsHeldBackAndRetried() throws Exception {
    StubReplica busy = stub();
    busy.mode = StubReplica.Mode.STATUS_503;
    StubReplica live = stub();
    ProxyServer p = proxy(config(busy.uri(), live.uri()).policy("round-robin", Map.of()).build());
    for (int i = 0; i < 4; i++) {
      assertThat(post(p, "/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }
    assertThat(busy.requests.get()).isPositive();
    assertThat(live.requests.get()).isEqualTo(4);
  }

  @Test
  void replicaDyingMidStreamGivesAnSseErrorEventAndACleanEnd() throws Exception {
    StubReplica a = stub();
    a.mode = StubReplica.Mode.DIE_MID_STREAM;
    a.tokens = 5;
    ProxyServer p = proxy(config(a.uri()).build());
    HttpResponse<String> r = post(p, "/v1/chat/completions", CHAT_STREAM);
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> events = r.body().lines().filter(l -> l.startsWith("data: ")).toList();
    assertThat(events).hasSize(4);
    assertThat(events.get(0)).contains("tok0");
    assertThat(events.get(1)).contains("tok1");
    JsonNode err = JSON.readTree(events.get(2).substring(6));
    assertThat(err.get("error").get("code").asText()).isEqualTo("upstream_failed");
    assertThat(events.get(3)).isEqualTo("data: [DONE]");
  }

  @Test
  void clientDisconnectCancelsUpstreamAndReleasesTheLease() throws Exception {
    StubReplica a = stub();
    a.tokens = 400;
    a.tokenDelay = Duration.ofMillis(20);
    ProxyServer p = proxy(config(a.uri()).build());
    // A raw socket, so "the client went away" is exactly a closed connection.
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", p.port())) {
      byte[] body = CHAT_STREAM.getBytes(StandardCharsets.UTF_8);
      s.getOutputStream()
          .write(
              ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + "Content-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(body);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.contains("data: ")) {
        // status line, headers, chunk size
      }
      assertThat(line).contains("tok0");
    }
    await("upstream cancelled").atMost(Duration.ofSeconds(10)).until(() -> a.aborted.get() == 1);
    await("lease released").atMost(Duration.ofSeconds(10)).until(p::idle);
    assertThat(a.completed.get()).isZero();
  }

  @Test
  void managementNeedsTheTokenWhenOneIsConfigured() throws Exception {
    ProxyServer p =
        proxy(config(stub().uri()).adminToken(dev.gorgo.proxy.config.Secret.of("t0ken")).build());
    HttpResponse<String> none =
        http.send(
            HttpRequest.newBuilder(p.uri().resolve("/proxy/status")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(401);
    HttpResponse<String> wrong =
        http.send(
            HttpRequest.newBuilder(p.uri().resolve("/proxy/status"))
                .header("Authorization", "Bearer nope")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain("t0ken");
    HttpResponse<String> ok =
        http.send(
            HttpRequest.newBuilder(p.uri().resolve("/proxy/status"))
                .header("Authorization", "Bearer t0ken")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    // Serving and /metrics stay open.
    assertThat(post(p, "/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    assertThat(scrape(p)).contains("gorgo_proxy_requests_total");
  }

  CompletableFuture<HttpResponse<String>> postAsync(ProxyServer p, String body) {
    return http.sendAsync(
        HttpRequest.newBuilder(p.uri().resolve("/v1/chat/completions"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String scrape(ProxyServer p) throws Exception {
    return http.send(
            HttpRequest.newBuilder(p.uri().resolve("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** A loopback port nothing listens on (bound, then released). */
  static URI deadUri() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
  }
}
