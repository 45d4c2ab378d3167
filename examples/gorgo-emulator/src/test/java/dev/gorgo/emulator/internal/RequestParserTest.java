package dev.gorgo.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorgo.emulator.internal.GenRequest.Route;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestParserTest {
  private final RequestParser parser = new RequestParser(new ObjectMapper(), 1000);

  private GenRequest parse(Route route, String body) throws ApiException {
    return parser.parse(route, body.getBytes(StandardCharsets.UTF_8));
  }

  private static int status(ThrowingCall call) {
    try {
      call.run();
      throw new AssertionError("expected an ApiException");
    } catch (ApiException e) {
      return e.status();
    }
  }

  private interface ThrowingCall {
    void run() throws ApiException;
  }

  @Test
  void chatTextAndContentPartsTokenizeAlike() throws ApiException {
    GenRequest plain =
        parse(Route.CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"abcdefgh\"}]}");
    GenRequest parts =
        parse(
            Route.CHAT,
            "{\"messages\":[{\"role\":\"User\",\"content\":[{\"type\":\"text\",\"text\":\"abcd\"},"
                + "{\"type\":\"text\",\"text\":\"efgh\"}]}]}");
    assertThat(parts.prompt()).isEqualTo(plain.prompt());
    // "user\n" padded to 8, 8 characters, "\n", then "assistant\n" padded: 8 + 8 + 1 + ... = 7
    // tokens
    assertThat(plain.prompt()).hasSize(7);
    assertThat(plain.maxTokens()).isEqualTo(128);
    assertThat(plain.model()).isEqualTo("default");
    assertThat(plain.stream()).isFalse();
  }

  @Test
  void chatHistoryExtendsThePreviousPromptWithItsAnswer() throws ApiException {
    GenRequest turn1 =
        parse(Route.CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    GenRequest turn2 =
        parse(
            Route.CHAT,
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"},"
                + "{\"role\":\"assistant\",\"content\":\" the map\"},"
                + "{\"role\":\"user\",\"content\":\"more\"}]}");
    int[] answer = PromptTokens.tokenize(" the map");
    int[] expectedPrefix = new int[turn1.prompt().length + answer.length];
    System.arraycopy(turn1.prompt(), 0, expectedPrefix, 0, turn1.prompt().length);
    System.arraycopy(answer, 0, expectedPrefix, turn1.prompt().length, answer.length);
    assertThat(turn2.prompt()).startsWith(expectedPrefix);
  }

  @Test
  void optionsAreRead() throws ApiException {
    GenRequest r =
        parse(
            Route.CHAT,
            "{\"model\":\"m\",\"stream\":true,\"max_completion_tokens\":7,\"max_tokens\":9,"
                + "\"rid\":\"abc\",\"stream_options\":{\"include_usage\":true,"
                + "\"continuous_usage_stats\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(r.model()).isEqualTo("m");
    assertThat(r.stream()).isTrue();
    assertThat(r.maxTokens()).isEqualTo(7);
    assertThat(r.rid()).isEqualTo("abc");
    assertThat(r.includeUsage()).isTrue();
    assertThat(r.continuousUsage()).isTrue();
  }

  @Test
  void completionPromptsMayBeTextOrTokenIds() throws ApiException {
    assertThat(parse(Route.COMPLETION, "{\"prompt\":\"abcdefghi\"}").prompt()).hasSize(3);
    assertThat(parse(Route.COMPLETION, "{\"prompt\":[\"abcd\"]}").prompt()).hasSize(1);
    assertThat(parse(Route.COMPLETION, "{\"prompt\":[5,6,7]}").prompt()).containsExactly(5, 6, 7);
    assertThat(parse(Route.COMPLETION, "{\"prompt\":[[5,6]]}").prompt()).containsExactly(5, 6);
    assertThat(parse(Route.COMPLETION, "{\"prompt\":\"x\"}").maxTokens()).isEqualTo(16);
    assertThat(parse(Route.GENERATE, "{\"text\":\"x\"}").maxTokens()).isEqualTo(128);
    assertThat(
            parse(
                    Route.GENERATE,
                    "{\"input_ids\":[1,2],\"sampling_params\":{\"max_new_tokens\":3}}")
                .maxTokens())
        .isEqualTo(3);
  }

  @Test
  void badInputIsRefusedWithSglangsStatus() {
    assertThat(status(() -> parse(Route.CHAT, "not json"))).isEqualTo(400);
    assertThat(status(() -> parse(Route.CHAT, ""))).isEqualTo(400);
    assertThat(status(() -> parse(Route.CHAT, "{\"messages\":\"hi\"}"))).isEqualTo(400);
    assertThat(status(() -> parse(Route.CHAT, "{\"messages\":[{\"content\":\"no role\"}]}")))
        .isEqualTo(400);
    assertThat(
            status(() -> parse(Route.CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":5}]}")))
        .isEqualTo(400);
    assertThat(
            status(
                () ->
                    parse(
                        Route.CHAT,
                        "{\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")))
        .isEqualTo(400);
    assertThat(status(() -> parse(Route.COMPLETION, "{}"))).isEqualTo(400);
    assertThat(status(() -> parse(Route.COMPLETION, "{\"prompt\":[-1]}"))).isEqualTo(400);
    assertThat(status(() -> parse(Route.COMPLETION, "{\"prompt\":\"x\",\"max_tokens\":-2}")))
        .isEqualTo(400);
    assertThat(status(() -> parse(Route.COMPLETION, "{\"prompt\":\"x\",\"max_tokens\":1.5}")))
        .isEqualTo(400);
    assertThat(status(() -> parse(Route.COMPLETION, "{\"prompt\":\"x\",\"max_tokens\":1000}")))
        .as("longer than the 1000-token context")
        .isEqualTo(400);
    assertThat(status(() -> parse(Route.COMPLETION, "{\"prompt\":[\"a\",\"b\"]}"))).isEqualTo(501);
    assertThat(status(() -> parse(Route.COMPLETION, "{\"prompt\":\"x\",\"n\":2}"))).isEqualTo(501);
    assertThat(status(() -> parse(Route.GENERATE, "{\"text\":\"a\",\"input_ids\":[1]}")))
        .isEqualTo(400);
    assertThat(status(() -> parse(Route.GENERATE, "{\"text\":[\"a\",\"b\"]}"))).isEqualTo(501);
    assertThat(status(() -> parse(Route.GENERATE, "{\"text\":\"a\",\"sampling_params\":3}")))
        .isEqualTo(400);
  }

  @Test
  void errorMessagesNeverEchoThePrompt() {
    String secret = "my-secret-prompt-text";
    assertThatThrownBy(
            () ->
                parse(
                    Route.CHAT,
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"" + secret + "\"}"))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
    assertThatThrownBy(
            () -> parse(Route.COMPLETION, "{\"prompt\":\"" + secret + "\",\"max_tokens\":5000}"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
  }
}
