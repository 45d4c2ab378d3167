package dev.gorgo.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gorgo.sim.engine.EngineProfile;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The engine model behind the HTTP surface: cache, batching cap, flush, aborts, queue, delay. */
class EngineBehaviourTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static EmulatorCluster start(EmulatorConfig.Builder b) {
    return Emulator.start(b.build());
  }

  private static String longPrompt(String tag) {
    return ("All replicas share this long system prompt about routing. ".repeat(40) + tag);
  }

  private static String generate(String text, int maxNewTokens, boolean stream) {
    return "{\"text\":"
        + Http.JSON.valueToTree(text)
        + ",\"sampling_params\":{\"max_new_tokens\":"
        + maxNewTokens
        + "},\"stream\":"
        + stream
        + "}";
  }

  @Test
  void repeatedPromptIsFasterByTheModelledPrefillOfItsCachedPart() {
    try (EmulatorCluster c =
        start(EmulatorConfig.builder().replica("cache-0", "local", Duration.ZERO).timeScale(20))) {
      URI base = c.replica(0).baseUri();
      String prompt = longPrompt("cache test");
      JsonNode cold = Http.json(Http.post(base, "/generate", generate(prompt, 4, false)));
      JsonNode warm = Http.json(Http.post(base, "/generate", generate(prompt, 4, false)));

      int promptTokens = cold.at("/meta_info/prompt_tokens").asInt();
      assertThat(promptTokens).isEqualTo((prompt.length() + 3) / 4);
      assertThat(cold.at("/meta_info/cached_tokens").asInt()).isZero();
      int cached = warm.at("/meta_info/cached_tokens").asInt();
      assertThat(cached).isEqualTo((promptTokens - 1) / 16 * 16);
      // Alone on the engine, both requests decode identically; only the prefill differs, by
      // t_p for each cached token (model time, so no wall-clock noise).
      double saved =
          cold.at("/meta_info/e2e_latency").asDouble()
              - warm.at("/meta_info/e2e_latency").asDouble();
      double expected = EngineProfile.H100_7B.tPrefillMsPerToken() * cached / 1000;
      assertThat(saved).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
      assertThat(c.replica(0).cachedPrefixTokens(prompt)).isEqualTo(cached);
      assertThat(c.replica(0).stats().cachedTokensTotal()).isEqualTo(cached);
    }
  }

  @Test
  void nextChatTurnReusesThePreviousPromptAndAnswer() {
    try (EmulatorCluster c =
        start(EmulatorConfig.builder().replica("turns-0", "local", Duration.ZERO).timeScale(50))) {
      URI base = c.replica(0).baseUri();
      var system =
          Http.JSON.createObjectNode().put("role", "system").put("content", longPrompt("turns"));
      var user1 =
          Http.JSON.createObjectNode().put("role", "user").put("content", "First question?");
      var turn1 = Http.JSON.createObjectNode().put("max_tokens", 40);
      turn1.putArray("messages").add(system).add(user1);
      JsonNode a1 = Http.json(Http.post(base, "/v1/chat/completions", turn1.toString()));
      int p1 = a1.at("/usage/prompt_tokens").asInt();
      String answer = a1.at("/choices/0/message/content").asText();
      assertThat(answer).hasSize(40 * 4);

      var turn2 = Http.JSON.createObjectNode().put("max_tokens", 8);
      turn2
          .putArray("messages")
          .add(system)
          .add(user1)
          .add(Http.JSON.createObjectNode().put("role", "assistant").put("content", answer))
          .add(Http.JSON.createObjectNode().put("role", "user").put("content", "And then?"));
      JsonNode a2 = Http.json(Http.post(base, "/v1/chat/completions", turn2.toString()));
      // Prompt and answer of turn 1 were cached together, in whole 16-token pages.
      assertThat(a2.at("/usage/prompt_tokens_details/cached_tokens").asInt())
          .isEqualTo((p1 + 40) / 16 * 16)
          .isGreaterThan(p1 / 16 * 16);
    }
  }

  @Test
  void runningRequestsAreCappedFlushIsRefusedWhileBusyAndDisconnectsFreeSlots() throws Exception {
    try (EmulatorCluster c =
            start(
                EmulatorConfig.builder()
                    .replica("cap-0", "local", Duration.ZERO)
                    .maxRunning(2)
                    .timeScale(1));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      EmulatedReplica replica = c.replica(0);
      URI base = replica.baseUri();
      List<Future<RawStream>> streams = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String body = generate(longPrompt("cap " + i), 5000, true);
        streams.add(pool.submit(() -> new RawStream(base, "/generate", body)));
      }
      await()
          .atMost(WAIT)
          .until(() -> replica.stats().running() == 2 && replica.stats().queued() == 2);
      String metrics = Http.get(base, "/metrics").body();
      assertThat(metrics).containsPattern("(?m)^sglang:num_running_reqs\\{.*} 2\\.0$");
      assertThat(metrics).containsPattern("(?m)^sglang:num_queue_reqs\\{.*} 2\\.0$");
      assertThat(replica.stats().kvUsage()).isPositive();

      HttpResponse<String> refused = Http.post(base, "/flush_cache", "");
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).startsWith("Cache flushed.");

      // Read one event from two running streams, then hang up; the queued two take their slots.
      int hungUp = 0;
      for (RawStream s : streams.stream().map(EngineBehaviourTest::join).toList()) {
        if (hungUp < 2) {
          s.socket().setSoTimeout(200);
          try {
            if (s.status() == 200 && s.nextEvent() != null) {
              s.close();
              hungUp++;
            }
          } catch (java.net.SocketTimeoutException queuedOne) {
            // no headers yet: this one is queued
          }
        }
      }
      assertThat(hungUp).isEqualTo(2);
      await().atMost(WAIT).until(() -> replica.stats().abortedTotal() == 2);
      await()
          .atMost(WAIT)
          .until(() -> replica.stats().running() == 2 && replica.stats().queued() == 0);
      for (Future<RawStream> f : streams) {
        f.get().close();
      }
      await().atMost(WAIT).until(() -> replica.stats().running() == 0);
      assertThat(replica.stats().abortedTotal()).isEqualTo(4);
      assertThat(replica.stats().kvUsage()).isZero();
      assertThat(metrics(base, "num_aborted_requests_total")).isEqualTo(4.0);

      HttpResponse<String> flushed = Http.get(base, "/flush_cache");
      assertThat(flushed.statusCode()).isEqualTo(200);
      assertThat(flushed.body()).isEqualTo(refused.body());
      assertThat(replica.cachedPrefixTokens(longPrompt("cap 0"))).isZero();
    }
  }

  private static RawStream join(Future<RawStream> f) {
    try {
      return f.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double metrics(URI base, String name) {
    return Http.get(base, "/metrics")
        .body()
        .lines()
        .filter(l -> l.startsWith("sglang:" + name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void fullQueueAnswers503() throws Exception {
    try (EmulatorCluster c =
            start(
                EmulatorConfig.builder()
                    .replica("queue-0", "local", Duration.ZERO)
                    .maxRunning(1)
                    .maxQueued(1)
                    .timeScale(1));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      EmulatedReplica replica = c.replica(0);
      URI base = replica.baseUri();
      List<Future<RawStream>> held = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String body = generate(longPrompt("queue " + i), 5000, true);
        held.add(pool.submit(() -> new RawStream(base, "/generate", body)));
        int n = i + 1;
        await().atMost(WAIT).until(() -> replica.stats().running() + replica.stats().queued() == n);
      }
      HttpResponse<String> full =
          Http.post(
              base,
              "/v1/chat/completions",
              "{\"messages\":[{\"role\":\"user\",\"content\":\"one more\"}],\"max_tokens\":1}");
      assertThat(full.statusCode()).isEqualTo(503);
      assertThat(Http.json(full).get("message").asText()).isEqualTo("The request queue is full.");
      HttpResponse<String> fullStream =
          Http.post(
              base,
              "/v1/chat/completions",
              "{\"messages\":[{\"role\":\"user\",\"content\":\"one more\"}],\"stream\":true}");
      assertThat(fullStream.statusCode()).as("SGLang streams the refusal").isEqualTo(200);
      assertThat(fullStream.body())
          .isEqualTo(
              "data: {\"error\":{\"message\":\"The request queue is full.\",\"type\":\"503\","
                  + "\"code\":503}}\n\ndata: [DONE]\n\n");
      held.get(0).get().close();
      await().atMost(WAIT).until(() -> replica.stats().queued() == 0);
      held.get(1).get().close();
      await().atMost(WAIT).until(() -> replica.stats().running() == 0);
    }
  }

  @Test
  void everyExchangePaysTheOneWayDelayBothWays() {
    try (EmulatorCluster c =
        start(
            EmulatorConfig.builder()
                .replica("near", "here", Duration.ZERO)
                .replica("far", "there", Duration.ofMillis(60))
                .timeScale(1))) {
      long t0 = System.nanoTime();
      assertThat(Http.get(c.replica("far").baseUri(), "/health").statusCode()).isEqualTo(200);
      long farNanos = System.nanoTime() - t0;
      assertThat(farNanos)
          .as("an RTT is at least twice the one-way delay")
          .isGreaterThanOrEqualTo(120_000_000L);
      JsonNode info = Http.json(Http.get(c.replica("far").baseUri(), "/get_server_info"));
      assertThat(info.at("/gorgo_emulator/one_way_delay_ms").asDouble()).isEqualTo(60.0);
      c.replica("far").setOneWayDelay(Duration.ofMillis(5));
      assertThat(c.replica("far").oneWayDelay()).isEqualTo(Duration.ofMillis(5));
      assertThat(c.baseUris()).hasSize(2).doesNotHaveDuplicates();
    }
  }

  @Test
  void infiniteTimeScaleRunsTheModelInZeroWallTime() {
    try (EmulatorCluster c =
        start(
            EmulatorConfig.builder()
                .replica("instant-0", "local", Duration.ofSeconds(10))
                .timeScale(Double.POSITIVE_INFINITY))) {
      URI base = c.replica(0).baseUri();
      // 2000 decode steps of ~7 ms would take 14 s of model time; the 10 s delay is scaled to 0.
      JsonNode r =
          Http.json(Http.post(base, "/generate", generate(longPrompt("instant"), 2000, false)));
      assertThat(r.at("/meta_info/completion_tokens").asInt()).isEqualTo(2000);
      assertThat(r.at("/meta_info/e2e_latency").asDouble()).isGreaterThan(10.0);
      // gauges are published right after the engine step that finished the request
      await().atMost(WAIT).until(() -> c.replica(0).stats().running() == 0);
    }
  }

  @Test
  void stopEndsStreamsWithAnErrorEventButKillCutsThem() throws Exception {
    for (boolean kill : new boolean[] {false, true}) {
      EmulatorCluster c =
          start(EmulatorConfig.builder().replica("dying-0", "local", Duration.ZERO).timeScale(1));
      try (RawStream s =
          new RawStream(c.replica(0).baseUri(), "/generate", generate("dying", 5000, true))) {
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.nextEvent()).startsWith("data: {");
        if (kill) {
          c.replica(0).kill();
        } else {
          c.replica(0).stop();
        }
        List<String> rest = new ArrayList<>();
        try {
          for (String e = s.nextEvent(); e != null; e = s.nextEvent()) {
            rest.add(e);
          }
        } catch (java.io.IOException cut) {
          // a reset connection is one way a crash looks
        }
        if (kill) {
          assertThat(rest).doesNotContain("data: [DONE]");
        } else {
          assertThat(rest).endsWith("data: [DONE]");
          assertThat(rest.get(rest.size() - 2)).contains("shutting down");
        }
      } finally {
        c.close();
      }
    }
  }

  @Test
  void requestLargerThanTheKvPoolIsA400() {
    try (EmulatorCluster c =
        start(
            EmulatorConfig.builder()
                .replica("small-0", "local", Duration.ZERO)
                .kvCapacityTokens(256)
                .timeScale(50))) {
      HttpResponse<String> r =
          Http.post(
              c.replica(0).baseUri(),
              "/v1/completions",
              "{\"prompt\":\"" + "x".repeat(800) + "\",\"max_tokens\":100}");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(Http.json(r).get("message").asText()).contains("capacity of 256");
    }
  }

  @Test
  void stoppedReplicaRefusesConnections() {
    EmulatorCluster c =
        start(EmulatorConfig.builder().replica("dead-0", "local", Duration.ZERO).timeScale(10));
    URI base = c.replica(0).baseUri();
    c.replica(0).stop();
    assertThat(c.replica(0).isRunning()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Http.get(base, "/health"))
        .isInstanceOf(java.io.UncheckedIOException.class);
    c.close();
  }
}
