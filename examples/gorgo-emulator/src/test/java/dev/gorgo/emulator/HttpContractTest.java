package dev.gorgo.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SGLang's wire contract, byte by byte where it matters, over raw HTTP. */
class HttpContractTest {
  static EmulatorCluster cluster;
  static URI base;

  @BeforeAll
  static void start() {
    cluster =
        Emulator.start(
            EmulatorConfig.builder()
                .replica("raw-0", "local", Duration.ZERO)
                .timeScale(50)
                .modelName("test-model")
                .contextLength(4096)
                .build());
    base = cluster.replica(0).baseUri();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** Reads an SSE body into its raw lines, asserting the framing on the way. */
  static List<String> events(String body) {
    assertThat(body).endsWith("data: [DONE]\n\n");
    List<String> events = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      assertThat(block).as("one data line per event, nothing else").startsWith("data: ");
      assertThat(block).doesNotContain("\n");
      events.add(block.substring("data: ".length()));
    }
    return events;
  }

  @Test
  void chatStreamFollowsSglangSequence() {
    HttpResponse<String> r =
        Http.post(
            base,
            "/v1/chat/completions",
            """
            {"model":"whatever","stream":true,"max_tokens":3,
             "stream_options":{"include_usage":true},
             "messages":[{"role":"user","content":"hello there, raw stream"}]}
            """);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
    List<String> ev = events(r.body());
    // role chunk, 3 content chunks, finish chunk, usage chunk, [DONE]
    assertThat(ev).hasSize(7);
    JsonNode role = Http.json(ev.get(0));
    assertThat(role.get("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(role.get("model").asText()).isEqualTo("whatever");
    assertThat(role.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(role.at("/choices/0/delta/content").asText()).isEmpty();
    for (int i = 1; i <= 3; i++) {
      JsonNode c = Http.json(ev.get(i));
      assertThat(c.at("/choices/0/delta/content").asText()).startsWith(" ");
      assertThat(c.at("/choices/0/finish_reason").isNull()).isTrue();
      assertThat(c.get("id").asText()).isEqualTo(role.get("id").asText());
    }
    JsonNode finish = Http.json(ev.get(4));
    assertThat(finish.at("/choices/0/delta").size()).isZero();
    assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    JsonNode usage = Http.json(ev.get(5));
    assertThat(usage.get("choices").size()).isZero();
    assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(3);
    assertThat(usage.at("/usage/prompt_tokens").asInt()).isPositive();
    assertThat(ev.get(6)).isEqualTo("[DONE]");
  }

  @Test
  void completionStreamCarriesFinishOnLastContentEvent() {
    HttpResponse<String> r =
        Http.post(
            base,
            "/v1/completions",
            "{\"prompt\":\"count with me, raw completion\",\"max_tokens\":2,\"stream\":true}");
    List<String> ev = events(r.body());
    assertThat(ev).hasSize(3);
    JsonNode a = Http.json(ev.get(0));
    JsonNode b = Http.json(ev.get(1));
    assertThat(a.get("object").asText()).isEqualTo("text_completion");
    assertThat(a.at("/choices/0/finish_reason").isNull()).isTrue();
    assertThat(b.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(a.get("created").asLong()).isEqualTo(b.get("created").asLong());
  }

  @Test
  void generateStreamsCumulativeTextAndMetaInfo() throws Exception {
    HttpResponse<String> r =
        Http.post(
            base,
            "/generate",
            "{\"input_ids\":[1,2,3,4,5],\"sampling_params\":{\"max_new_tokens\":4},\"stream\":true}");
    List<String> ev = events(r.body());
    assertThat(ev).hasSize(6); // 4 tokens, the final object, [DONE]
    String previous = "";
    for (int i = 0; i < 4; i++) {
      JsonNode e = Http.json(ev.get(i));
      assertThat(e.get("text").asText()).startsWith(previous).isNotEqualTo(previous);
      previous = e.get("text").asText();
      assertThat(e.get("output_ids").size()).isEqualTo(i + 1);
      assertThat(e.at("/meta_info/prompt_tokens").asInt()).isEqualTo(5);
      assertThat(e.at("/meta_info/finish_reason").isNull()).isTrue();
    }
    JsonNode last = Http.json(ev.get(4));
    assertThat(last.get("text").asText()).isEqualTo(previous);
    assertThat(last.at("/meta_info/finish_reason/type").asText()).isEqualTo("length");
    assertThat(last.at("/meta_info/finish_reason/length").asInt()).isEqualTo(4);
    assertThat(last.at("/meta_info/completion_tokens").asInt()).isEqualTo(4);
    assertThat(last.at("/meta_info/cached_tokens").isInt()).isTrue();
    assertThat(last.at("/meta_info/e2e_latency").asDouble()).isPositive();

    HttpResponse<String> whole =
        Http.post(
            base,
            "/generate",
            "{\"input_ids\":[1,2,3,4,5],\"sampling_params\":{\"max_new_tokens\":4}}");
    assertThat(Http.json(whole).get("text").asText()).isEqualTo(previous);
  }

  @Test
  void malformedJsonIsAFlat400OpenAiError() {
    HttpResponse<String> r = Http.post(base, "/v1/chat/completions", "{\"messages\": [");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode e = Http.json(r);
    assertThat(e.get("object").asText()).isEqualTo("error");
    assertThat(e.get("code").asInt()).isEqualTo(400);
    assertThat(e.get("type").asText()).isEqualTo("BadRequestError");
    assertThat(e.get("message").asText()).contains("JSON");
    assertThat(e.has("param")).isTrue();
  }

  @Test
  void badRequestsAreRefusedBeforeQueueing() {
    long before = cluster.replica(0).stats().promptTokensTotal();
    assertThat(Http.post(base, "/v1/chat/completions", "text/plain", "{}").statusCode())
        .isEqualTo(400);
    assertThat(Http.post(base, "/v1/chat/completions", "{\"messages\":[]}").statusCode())
        .isEqualTo(400);
    assertThat(Http.post(base, "/v1/chat/completions", "[1,2]").statusCode()).isEqualTo(400);
    assertThat(
            Http.post(base, "/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":0}").statusCode())
        .isEqualTo(400);
    assertThat(
            Http.post(base, "/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":\"many\"}")
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> tooLong =
        Http.post(base, "/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":5000}");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(Http.json(tooLong).get("message").asText()).contains("context length of 4096");
    assertThat(cluster.replica(0).stats().promptTokensTotal())
        .as("nothing refused reached the engine")
        .isEqualTo(before);
  }

  @Test
  void generateErrorsUseTheNestedShape() {
    HttpResponse<String> r = Http.post(base, "/generate", "{\"sampling_params\":{}}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Http.json(r).at("/error/message").asText()).contains("text or input_ids");
  }

  @Test
  void modelEndpoints() {
    JsonNode list = Http.json(Http.get(base, "/v1/models"));
    assertThat(list.get("object").asText()).isEqualTo("list");
    assertThat(list.at("/data/0/id").asText()).isEqualTo("test-model");
    assertThat(list.at("/data/0/max_model_len").asInt()).isEqualTo(4096);
    assertThat(Http.get(base, "/v1/models/test-model").statusCode()).isEqualTo(200);
    HttpResponse<String> missing = Http.get(base, "/v1/models/other");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Http.json(missing).at("/error/code").asText()).isEqualTo("model_not_found");
    assertThat(Http.json(Http.get(base, "/get_model_info")).get("model_path").asText())
        .isEqualTo("test-model");
  }

  @Test
  void serverInfoReportsTheProfileCapacities() {
    JsonNode info = Http.json(Http.get(base, "/get_server_info"));
    assertThat(info.get("max_running_requests").asInt()).isEqualTo(128);
    assertThat(info.get("max_total_num_tokens").asLong()).isEqualTo(420_000);
    assertThat(info.get("page_size").asInt()).isEqualTo(16);
    assertThat(info.get("chunked_prefill_size").asInt()).isEqualTo(8192);
    assertThat(info.get("status").asText()).isEqualTo("ready");
    assertThat(info.at("/internal_states/0/effective_max_running_requests_per_dp").asInt())
        .isEqualTo(128);
    assertThat(info.at("/gorgo_emulator/region").asText()).isEqualTo("local");
    assertThat(Http.get(base, "/server_info").statusCode()).isEqualTo(200);
  }

  @Test
  void healthFollowsTheFaultSwitch() {
    EmulatedReplica replica = cluster.replica(0);
    assertThat(Http.get(base, "/health").statusCode()).isEqualTo(200);
    assertThat(Http.get(base, "/health").body()).isEmpty();
    assertThat(Http.get(base, "/health_generate").statusCode()).isEqualTo(200);
    replica.setHealthy(false);
    try {
      assertThat(Http.get(base, "/health").statusCode()).isEqualTo(503);
      assertThat(Http.get(base, "/health_generate").statusCode()).isEqualTo(503);
    } finally {
      replica.setHealthy(true);
    }
  }

  @Test
  void unknownPathIsFastApi404() {
    HttpResponse<String> r = Http.get(base, "/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(Http.json(r).get("detail").asText()).isEqualTo("Not Found");
  }

  @Test
  void metricsUseSglangNamesTypesAndLabels() {
    Http.post(base, "/v1/completions", "{\"prompt\":\"warm the counters\",\"max_tokens\":2}");
    HttpResponse<String> r = Http.get(base, "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    String text = r.body();
    assertThat(text)
        .contains("# TYPE sglang:num_running_reqs gauge")
        .contains("# TYPE sglang:num_queue_reqs gauge")
        .contains("# TYPE sglang:token_usage gauge")
        .contains("# TYPE sglang:prompt_tokens_total counter")
        .contains("# TYPE sglang:time_to_first_token_seconds histogram")
        .contains(
            "sglang:num_running_reqs{model_name=\"test-model\",engine_type=\"unified\","
                + "tp_rank=\"0\",pp_rank=\"0\"}")
        .contains("sglang:max_total_num_tokens{model_name=\"test-model\"");
    assertThat(text.lines().filter(l -> l.startsWith("sglang:num_requests_total")).findFirst())
        .hasValueSatisfying(
            l -> assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).isPositive());
  }

  @Test
  void streamHeadersAreSentOnlyWithTheFirstToken() throws Exception {
    // A rejected streaming request must still be a plain HTTP error, as in SGLang.
    var r =
        Http.postStreaming(
            base, "/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":9999,\"stream\":true}");
    assertThat(r.statusCode()).isEqualTo(400);
    try (var in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      assertThat(Http.json(in.readLine()).get("object").asText()).isEqualTo("error");
    }
  }
}
