package dev.gorgo.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import dev.gorgo.api.EndpointState;
import dev.gorgo.emulator.EmulatedReplica;
import dev.gorgo.emulator.Emulator;
import dev.gorgo.emulator.EmulatorCluster;
import dev.gorgo.emulator.EmulatorConfig;
import dev.gorgo.proxy.config.ProxyConfig;
import dev.gorgo.router.EndpointStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end through the official OpenAI Java SDK: SDK → proxy → emulated SGLang replicas in three
 * regions (network delays scaled down 10x), streaming and not.
 */
class EndToEndTest {
  static EmulatorCluster cluster;
  static ProxyServer proxy;
  static OpenAIClient openai;

  @BeforeAll
  static void start() {
    cluster =
        Emulator.start(
            EmulatorConfig.builder()
                .replica("us-west-0", "us-west", Duration.ofMillis(5))
                .replica("eu-central-0", "eu-central", Duration.ofMillis(40))
                .replica("ap-northeast-0", "ap-northeast", Duration.ofMillis(70))
                .timeScale(10)
                .build());
    ProxyConfig.Builder config = ProxyConfig.builder().listen("127.0.0.1", 0);
    for (EmulatedReplica r : cluster.replicas()) {
      config.backend(r.name(), r.baseUri(), r.region());
    }
    proxy = ProxyServer.start(config.policy("gorgo", Map.of()).build());
    openai =
        OpenAIOkHttpClient.builder()
            .baseUrl(proxy.uri() + "/v1")
            .apiKey("not-needed")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30))
            .build();
  }

  @AfterAll
  static void stop() {
    if (openai != null) {
      openai.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void accountingReturnsToZero() {
    await().atMost(Duration.ofSeconds(10)).until(proxy::idle);
  }

  static String model() {
    return cluster.config().modelName();
  }

  @Test
  void chatCompletion() {
    ChatCompletion c =
        openai
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(model())
                    .addSystemMessage("You are terse.")
                    .addUserMessage("Name three rivers.")
                    .maxCompletionTokens(12)
                    .build());
    assertThat(c.choices()).hasSize(1);
    assertThat(c.choices().get(0).message().content())
        .hasValueSatisfying(t -> assertThat(t).isNotBlank());
    assertThat(c.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());
  }

  @Test
  void chatCompletionStreamed() {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(model())
            .addUserMessage("Stream me a short poem about latency.")
            .maxCompletionTokens(16)
            .build();
    String text;
    long chunks;
    try (StreamResponse<ChatCompletionChunk> stream =
        openai.chat().completions().createStreaming(params)) {
      List<ChatCompletionChunk> all = stream.stream().toList();
      chunks = all.size();
      text =
          all.stream()
              .flatMap(ch -> ch.choices().stream())
              .map(ch -> ch.delta().content().orElse(""))
              .collect(Collectors.joining());
    }
    assertThat(chunks).isGreaterThan(2);
    assertThat(text).isNotBlank();
  }

  @Test
  void legacyCompletion() {
    Completion c =
        openai
            .completions()
            .create(
                CompletionCreateParams.builder()
                    .model(model())
                    .prompt("Once upon a time")
                    .maxTokens(8)
                    .build());
    assertThat(c.choices().get(0).text()).isNotBlank();
  }

  @Test
  void modelsAreListedFromTheBackends() {
    List<String> ids = openai.models().list().data().stream().map(m -> m.id()).toList();
    assertThat(ids).containsExactly(model());
  }

  @Test
  void requestsSpreadAndTheNearReplicaIsPreferredWhenIdle() {
    // Let the pool measure RTTs first.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> proxy.router().status().stream().allMatch(s -> s.state().rttMillis() > 0));
    Map<String, Double> rtt =
        proxy.router().status().stream()
            .collect(Collectors.toMap(s -> s.endpoint().id(), s -> s.state().rttMillis()));
    assertThat(rtt.get("us-west-0")).isLessThan(rtt.get("ap-northeast-0"));
    long before = cluster.replica("us-west-0").stats().requestsTotal();
    for (int i = 0; i < 5; i++) {
      openai
          .chat()
          .completions()
          .create(
              ChatCompletionCreateParams.builder()
                  .model(model())
                  .addUserMessage("Question " + i + ": what is the capital of France?")
                  .maxCompletionTokens(4)
                  .build());
    }
    // Sequential, idle cluster: GORGO's cost is dominated by RTT, so the near replica wins.
    assertThat(cluster.replica("us-west-0").stats().requestsTotal() - before).isEqualTo(5);
    for (EndpointStatus s : proxy.router().status()) {
      EndpointState st = s.state();
      assertThat(st.inflightPrefilling() + st.inflightDecoding()).isZero();
    }
  }

  @Test
  void aReplicaThatTurnsSlowIsRoutedAround() {
    EmulatedReplica near = cluster.replica("us-west-0");
    Duration original = near.oneWayDelay();
    try {
      near.setOneWayDelay(Duration.ofMillis(1500)); // 150 ms each way at time scale 10
      await("the RTT probes notice")
          .atMost(Duration.ofSeconds(15))
          .until(() -> rtt("us-west-0") > rtt("eu-central-0") + 50);
      long before = near.stats().requestsTotal();
      for (int i = 0; i < 5; i++) {
        openai
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(model())
                    .addUserMessage("Slow replica question " + i)
                    .maxCompletionTokens(4)
                    .build());
      }
      assertThat(near.stats().requestsTotal() - before).isZero();
    } finally {
      near.setOneWayDelay(original);
    }
  }

  static double rtt(String id) {
    return proxy.router().status().stream()
        .filter(s -> s.endpoint().id().equals(id))
        .findFirst()
        .orElseThrow()
        .state()
        .rttMillis();
  }
}
