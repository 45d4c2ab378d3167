package dev.gorgo.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorgo.proxy.config.ProxyConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code /proxy/*} management endpoints and the health, readiness and metrics routes. */
class ManagementTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SECRET_PROMPT = "my-secret-prompt-text-that-must-never-be-exported";

  final HttpClient http = HttpClient.newHttpClient();
  StubReplica a;
  StubReplica b;
  ProxyServer p;

  @BeforeEach
  void start() {
    a = new StubReplica("stub-model");
    b = new StubReplica("stub-model");
    p =
        ProxyServer.start(
            ProxyConfig.builder()
                .listen("127.0.0.1", 0)
                .backend("a", a.uri(), "us-east")
                .backend("b", b.uri(), "eu-west")
                .build());
  }

  @AfterEach
  void stop() {
    await().atMost(Duration.ofSeconds(10)).until(p::idle);
    p.close();
    a.close();
    b.close();
  }

  HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(p.uri().resolve(path)).timeout(Duration.ofSeconds(10));
    rb.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(String method, String path, String body, int expectedStatus) throws Exception {
    HttpResponse<String> r = call(method, path, body);
    assertThat(r.statusCode()).as("%s %s -> %s", method, path, r.body()).isEqualTo(expectedStatus);
    return JSON.readTree(r.body());
  }

  void chat(String content) throws Exception {
    HttpResponse<String> r =
        call(
            "POST",
            "/v1/chat/completions",
            "{\"model\":\"stub-model\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + content
                + "\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void statusListsServersWithTheirState() throws Exception {
    JsonNode s = json("GET", "/proxy/status", null, 200);
    assertThat(s.get("routing_policy").asText()).isEqualTo("gorgo");
    assertThat(s.get("mode").asText()).isEqualTo("centralized");
    assertThat(s.get("servers")).hasSize(2);
    assertThat(s.get("servers").get(0).get("id").asText()).isEqualTo("a");
    assertThat(s.get("servers").get(1).get("region").asText()).isEqualTo("eu-west");
    assertThat(json("GET", "/proxy/latency", null, 200).has("b")).isTrue();
  }

  @Test
  void serversCanBeAddedAndRemovedAtRuntime() throws Exception {
    StubReplica c = new StubReplica("stub-model");
    try {
      JsonNode added =
          json(
              "POST",
              "/proxy/servers",
              "{\"id\":\"c\",\"url\":\"" + c.uri() + "\",\"region\":\"ap\"}",
              201);
      assertThat(added.get("added").asText()).isEqualTo("c");
      assertThat(json("GET", "/proxy/servers", null, 200)).hasSize(3);
      json("POST", "/proxy/servers", "{\"id\":\"c\",\"url\":\"" + c.uri() + "\"}", 409);
      json("POST", "/proxy/servers", "{\"url\":\"ftp://nope\"}", 400);
      // Only c left: traffic goes there.
      json("DELETE", "/proxy/servers?id=a", null, 200);
      json("DELETE", "/proxy/servers?id=b", null, 200);
      json("DELETE", "/proxy/servers?id=b", null, 404);
      chat("hello");
      assertThat(c.requests.get()).isEqualTo(1);
    } finally {
      await().until(p::idle);
      c.close();
    }
  }

  @Test
  void policyCanBeSwitchedAndUnknownNamesAreRejectedWithTheKnownOnes() throws Exception {
    JsonNode current = json("GET", "/proxy/policy", null, 200);
    assertThat(current.get("current").asText()).isEqualTo("gorgo");
    assertThat(current.get("available").toString()).contains("least-load", "prefix-tree", "gorgo");
    JsonNode switched = json("POST", "/proxy/policy", "{\"policy\":\"least-load\"}", 200);
    assertThat(switched.get("old_policy").asText()).isEqualTo("gorgo");
    assertThat(switched.get("new_policy").asText()).isEqualTo("least-load");
    assertThat(p.router().policy().name()).isEqualTo("least-load");
    JsonNode unknown = json("POST", "/proxy/policy", "{\"policy\":\"fastest\"}", 400);
    assertThat(unknown.get("error").get("message").asText())
        .contains("fastest")
        .contains("least-load")
        .contains("round-robin");
    assertThat(p.router().policy().name())
        .as("unchanged after a bad switch")
        .isEqualTo("least-load");
    json("GET", "/proxy/policy?set=round-robin", null, 200);
    assertThat(p.router().policy().name()).isEqualTo("round-robin");
    chat("after switch");
    assertThat(scrape()).contains("policy=\"round-robin\"");
  }

  @Test
  void tuneChangesCostParameters() throws Exception {
    JsonNode tuned =
        json("POST", "/proxy/tune", "{\"ms_per_token\":0.05,\"running_cost_factor\":0}", 200);
    assertThat(tuned.get("parameters").get("t_p").asText()).isEqualTo("0.05");
    assertThat(tuned.get("parameters").get("q_hat").asText()).isEqualTo("0.5");
    JsonNode bad = json("POST", "/proxy/tune", "{\"warp\":9}", 400);
    assertThat(bad.get("error").get("message").asText()).contains("warp").contains("t_p");
  }

  @Test
  void cacheClearForgetsTheTrieAndCanFlushReplicas() throws Exception {
    chat("a long enough prompt to leave something in the trie for the replica");
    await()
        .until(
            () ->
                json("GET", "/proxy/prefix/stats", null, 200).get("total_server_symbols").asLong()
                    > 0);
    JsonNode cleared = json("POST", "/proxy/cache/clear?replicas=true", null, 200);
    assertThat(cleared.get("symbols_cleared").asLong()).isPositive();
    assertThat(cleared.get("replicas").get("a").asText()).isEqualTo("flushed");
    assertThat(json("GET", "/proxy/prefix/stats", null, 200).get("total_server_symbols").asLong())
        .isZero();
  }

  @Test
  void csvExportHasTheOriginalColumnsAndNoPromptText() throws Exception {
    chat(SECRET_PROMPT);
    chat(SECRET_PROMPT + " again");
    HttpResponse<String> csv = call("GET", "/proxy/metrics/export", null);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).contains("proxy_metrics_"));
    List<String> lines = csv.body().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .startsWith(
            "request_id,timestamp,prompt_length,tokens,network_latency_ms,ttft_ms,total_latency_ms,queue_time_ms,")
        .contains(
            "a_prefix_hit,a_matched_len,b_prefix_hit,b_matched_len,a_cost,b_cost,status_code,success,error");
    assertThat(lines.get(1)).contains(",200,true,");
    assertThat(csv.body()).doesNotContain("secret");
    JsonNode summary = json("GET", "/proxy/metrics/summary", null, 200);
    assertThat(summary.get("count").asInt()).isEqualTo(2);
    assertThat(summary.get("success_count").asInt()).isEqualTo(2);
    json("POST", "/proxy/metrics/enable", "{\"enabled\":false}", 200);
    chat("not recorded");
    assertThat(json("POST", "/proxy/metrics/clear", null, 200).get("cleared").asInt()).isEqualTo(2);
    assertThat(json("GET", "/proxy/metrics/summary", null, 200).get("count").asInt()).isZero();
  }

  @Test
  void traceStartStopGivesAChromeTraceDocument() throws Exception {
    json("POST", "/proxy/trace/stop", null, 409);
    JsonNode started = json("POST", "/proxy/trace/start", null, 200);
    assertThat(started.get("status").asText()).isEqualTo("started");
    chat("traced one");
    chat("traced two");
    HttpResponse<String> stop = call("POST", "/proxy/trace/stop", null);
    assertThat(stop.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(stop.body());
    List<String> names =
        java.util.stream.StreamSupport.stream(doc.get("traceEvents").spliterator(), false)
            .map(e -> e.get("name").asText())
            .toList();
    assertThat(names).contains("request", "queue_wait", "routing_decision", "upstream_ttft");
    assertThat(names.stream().filter("request"::equals).count()).isEqualTo(2);
    assertThat(stop.body()).doesNotContain("traced");
  }

  @Test
  void healthReadyMetricsAndUnknownRoutes() throws Exception {
    assertThat(call("GET", "/health", null).statusCode()).isEqualTo(200);
    assertThat(json("GET", "/ready", null, 200).get("ready").asBoolean()).isTrue();
    chat("count me");
    String metrics = scrape();
    assertThat(metrics)
        .contains("gorgo_proxy_requests_total{")
        .contains("gorgo_proxy_ttft_seconds_bucket{")
        .contains("gorgo_proxy_e2e_seconds_bucket{")
        .contains("gorgo_proxy_queue_depth")
        .contains("gorgo_proxy_decisions_total{")
        .contains("gorgo_proxy_breaker_state{")
        .contains("gorgo_proxy_trie_symbols{")
        .contains("gorgo_proxy_inflight{");
    JsonNode notFound = json("GET", "/nope", null, 404);
    assertThat(notFound.get("error").get("code").asText()).isEqualTo("not_found");
    JsonNode models = json("GET", "/v1/models", null, 200);
    assertThat(models.get("data").get(0).get("id").asText()).isEqualTo("stub-model");
    assertThat(models.get("data").get(0).get("gorgo_endpoints")).hasSize(2);
    json("GET", "/v1/models/stub-model", null, 200);
    json("GET", "/v1/models/other", null, 404);
  }

  @Test
  void readyIs503WhenEveryReplicaIsDown() throws Exception {
    a.close();
    b.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> call("GET", "/ready", null).statusCode() == 503);
    HttpResponse<String> r =
        call(
            "POST",
            "/v1/chat/completions",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(Map.of("status", r.statusCode())).containsEntry("status", 503);
  }

  String scrape() throws Exception {
    return call("GET", "/metrics", null).body();
  }
}
