package dev.gorgo.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK against an emulated replica, streaming and not. */
class OpenAiSdkTest {
  static EmulatorCluster cluster;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    cluster =
        Emulator.start(
            EmulatorConfig.builder()
                .replica("sdk-0", "local", Duration.ofMillis(2))
                .timeScale(20)
                .seed(7)
                .build());
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl(cluster.replica(0).baseUri() + "/v1")
            .apiKey("unused")
            .maxRetries(0)
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  private static ChatCompletionCreateParams chat(String prompt, int maxTokens) {
    return ChatCompletionCreateParams.builder()
        .model("gorgo-emulated-7b")
        .addSystemMessage("You are a routing assistant. ".repeat(12))
        .addUserMessage(prompt)
        .maxCompletionTokens(maxTokens)
        .build();
  }

  @Test
  void chatCompletionReportsTextUsageAndCachedTokensOnRepeat() {
    ChatCompletionCreateParams params = chat("Which replica is nearest? sdk-chat", 12);
    ChatCompletion first = client.chat().completions().create(params);
    ChatCompletion second = client.chat().completions().create(params);

    assertThat(first.choices()).hasSize(1);
    assertThat(first.choices().get(0).message().content()).isPresent();
    assertThat(first.choices().get(0).message().content().orElseThrow().split(" "))
        .hasSize(13); // a leading space, then 12 one-word tokens
    assertThat(second.choices().get(0).message().content())
        .as("deterministic text for the same seed and prompt")
        .isEqualTo(first.choices().get(0).message().content());
    assertThat(first.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
    CompletionUsage u1 = first.usage().orElseThrow();
    CompletionUsage u2 = second.usage().orElseThrow();
    assertThat(u1.completionTokens()).isEqualTo(12);
    assertThat(u1.totalTokens()).isEqualTo(u1.promptTokens() + 12);
    assertThat(u1.promptTokensDetails()).as("cold prompt: nothing cached").isEmpty();
    long cached = u2.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow();
    // The engine reuses whole 16-token pages, at most the prompt minus one token.
    assertThat(cached).isEqualTo((u2.promptTokens() - 1) / 16 * 16).isPositive();
  }

  @Test
  void chatStreamDeliversEveryTokenAndUsage() {
    ChatCompletionCreateParams params =
        chat("Stream me an answer, sdk-stream", 20).toBuilder()
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> s =
        client.chat().completions().createStreaming(params)) {
      s.stream().forEach(chunks::add);
    }
    StringBuilder text = new StringBuilder();
    chunks.stream()
        .flatMap(c -> c.choices().stream())
        .forEach(c -> c.delta().content().ifPresent(text::append));
    assertThat(text.toString().trim().split(" ")).hasSize(20);
    assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
    assertThat(chunks)
        .filteredOn(c -> !c.choices().isEmpty() && c.choices().get(0).finishReason().isPresent())
        .hasSize(1);
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(20);
    assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
  }

  @Test
  void completionsStreamingAndNot() {
    CompletionCreateParams params =
        CompletionCreateParams.builder()
            .model("gorgo-emulated-7b")
            .prompt("Once upon a time in a datacenter far away, sdk-completion")
            .maxTokens(6)
            .build();
    Completion whole = client.completions().create(params);
    assertThat(whole.choices().get(0).text().trim().split(" ")).hasSize(6);
    assertThat(whole.usage().orElseThrow().completionTokens()).isEqualTo(6);

    StringBuilder streamed = new StringBuilder();
    try (StreamResponse<Completion> s = client.completions().createStreaming(params)) {
      s.stream().forEach(c -> c.choices().forEach(ch -> streamed.append(ch.text())));
    }
    assertThat(streamed.toString()).isEqualTo(whole.choices().get(0).text());
  }

  @Test
  void modelsListTheServedModel() {
    assertThat(client.models().list().data())
        .extracting(m -> m.id())
        .containsExactly("gorgo-emulated-7b");
  }
}
