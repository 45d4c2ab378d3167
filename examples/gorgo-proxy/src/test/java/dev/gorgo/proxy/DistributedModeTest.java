package dev.gorgo.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gorgo.proxy.config.ProxyConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Distributed mode: one proxy beside each replica ({@code gorgo-local}), each configured with the
 * other as its peer. A request is forwarded at most once; a forwarded request is never forwarded
 * again, even when its receiver is at capacity.
 */
class DistributedModeTest {
  static final String LONG_PROMPT = "x".repeat(4000);

  final HttpClient http = HttpClient.newHttpClient();
  StubReplica a;
  StubReplica b;
  ProxyServer p1;
  ProxyServer p2;

  @BeforeEach
  void start() throws Exception {
    a = new StubReplica("stub-model");
    b = new StubReplica("stub-model");
    int port1 = freePort();
    int port2 = freePort();
    p1 = ProxyServer.start(config("a", port1, port2));
    p2 = ProxyServer.start(config("b", port2, port1));
  }

  /** Proxy beside {@code local}; its metrics polling is slow so peers look idle to it. */
  ProxyConfig config(String local, int port, int peerPort) {
    String remote = local.equals("a") ? "b" : "a";
    return ProxyConfig.builder()
        .listen("127.0.0.1", port)
        .backend(new ProxyConfig.Backend("a", a.uri(), "region-a", 1))
        .backend(new ProxyConfig.Backend("b", b.uri(), "region-b", 1))
        .distributed(
            local,
            List.of(new ProxyConfig.Peer(remote, URI.create("http://127.0.0.1:" + peerPort))))
        .policy("gorgo-local", Map.of())
        .polling(Duration.ofMinutes(10), Duration.ofMillis(50))
        .build();
  }

  @AfterEach
  void stop() {
    a.release();
    b.release();
    await().atMost(Duration.ofSeconds(10)).until(() -> p1.idle() && p2.idle());
    p1.close();
    p2.close();
    a.close();
    b.close();
  }

  @Test
  void aFullLocalReplicaSendsTheRequestToThePeerOnce() throws Exception {
    a.mode = StubReplica.Mode.HOLD;
    CompletableFuture<HttpResponse<String>> held = chat(p1, LONG_PROMPT);
    await().until(() -> a.inFlight.get() == 1);
    HttpResponse<String> forwarded = chat(p1, "short question").get();
    assertThat(forwarded.statusCode()).isEqualTo(200);
    assertThat(b.requests.get()).isEqualTo(1);
    assertThat(b.hopHeaders).containsExactly("1");
    assertThat(a.hopHeaders).isEmpty();
    a.release();
    assertThat(held.get().statusCode()).isEqualTo(200);
    assertThat(scrape(p1)).contains("gorgo_proxy_peer_forwards_total{peer=\"b\"} 1.0");
  }

  @Test
  void aForwardedRequestIsNeverForwardedBack() throws Exception {
    a.mode = StubReplica.Mode.HOLD;
    b.mode = StubReplica.Mode.HOLD;
    CompletableFuture<HttpResponse<String>> heldA = chat(p1, LONG_PROMPT);
    CompletableFuture<HttpResponse<String>> heldB = chat(p2, LONG_PROMPT);
    await().until(() -> a.inFlight.get() == 1 && b.inFlight.get() == 1);
    // p1's local replica is full and p1 believes b is idle: it forwards to p2 (hop 1). p2's
    // local replica is full too, but the request already made its hop: it waits at p2.
    CompletableFuture<HttpResponse<String>> third = chat(p1, "short question");
    await().until(() -> p2.router().queueDepth() == 1);
    assertThat(scrape(p2)).doesNotContain("gorgo_proxy_peer_forwards_total{");
    assertThat(a.requests.get()).isEqualTo(1);
    a.release();
    b.release();
    assertThat(heldA.get().statusCode()).isEqualTo(200);
    assertThat(heldB.get().statusCode()).isEqualTo(200);
    assertThat(third.get().statusCode()).isEqualTo(200);
    assertThat(b.hopHeaders).containsExactly("1");
    assertThat(a.hopHeaders).isEmpty();
    assertThat(a.requests.get() + b.requests.get()).isEqualTo(3);
  }

  CompletableFuture<HttpResponse<String>> chat(ProxyServer p, String content) {
    String body =
        "{\"model\":\"stub-model\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + content
            + "\"}]}";
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

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
