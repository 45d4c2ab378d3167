package dev.gorgo.sglang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromptExtractorTest {
  private final PromptExtractor extractor = PromptExtractor.create();

  private ExtractedPrompt extract(String json, RequestKind kind) throws PromptException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return extractor.extract(b, 0, b.length, kind);
  }

  private PromptException.Kind failure(String json, RequestKind kind) {
    try {
      extract(json, kind);
    } catch (PromptException e) {
      assertThat(e.getMessage()).doesNotContain("secret");
      return e.kind();
    }
    throw new AssertionError("expected a PromptException");
  }

  @Test
  void chatKeepsEveryRoleAsSeparatorInOrder() throws Exception {
    ExtractedPrompt p =
        extract(
            "{\"model\":\"m\",\"stream\":true,\"max_tokens\":7,\"user\":\"u1\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"User\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello\"}]}",
            RequestKind.CHAT_COMPLETIONS);
    assertThat(p.text()).isEqualTo("system: Be brief.\nuser: Hi\nassistant: Hello\n");
    assertThat(p.model()).isEqualTo("m");
    assertThat(p.stream()).isTrue();
    assertThat(p.maxTokens()).isEqualTo(7);
    assertThat(p.sessionKey()).isEqualTo("u1");
    assertThat(p.hasTokenIds()).isFalse();
  }

  @Test
  void contentPartsAndToolCallsAndImages() throws Exception {
    String withImage =
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Look: \"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\","
            + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}]}";
    ExtractedPrompt p = extract(withImage, RequestKind.CHAT_COMPLETIONS);
    assertThat(p.text()).startsWith("user: Look: [image_url:").contains("]\nassistant: c1 f {} ");
    ExtractedPrompt other =
        extract(withImage.replace("AAAA", "BBBB"), RequestKind.CHAT_COMPLETIONS);
    assertThat(other.text()).isNotEqualTo(p.text());
    assertThat(other.text()).startsWith("user: Look: [image_url:");
  }

  @Test
  void contentBeforeRoleStillGetsItsRoleFirst() throws Exception {
    ExtractedPrompt p =
        extract(
            "{\"messages\":[{\"content\":\"x\",\"role\":\"user\"},{\"role\":\"tool\",\"content\":\"y\"}]}",
            RequestKind.CHAT_COMPLETIONS);
    assertThat(p.text()).isEqualTo("user: x\ntool: y\n");
  }

  @Test
  void appendingAMessageOnlyAppendsToTheText() throws Exception {
    String one = "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}";
    String two =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]}";
    String t1 = extract(one, RequestKind.CHAT_COMPLETIONS).text();
    String t2 = extract(two, RequestKind.CHAT_COMPLETIONS).text();
    assertThat(t2).startsWith(t1).isNotEqualTo(t1);
  }

  @Test
  void maxCompletionTokensWinsOverMaxTokensAndHeaderWinsOverUser() throws Exception {
    String json =
        "{\"max_tokens\":5,\"max_completion_tokens\":9,\"user\":\"u\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}";
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ExtractedPrompt p = extractor.extract(b, 0, b.length, RequestKind.CHAT_COMPLETIONS, "h");
    assertThat(p.maxTokens()).isEqualTo(9);
    assertThat(p.sessionKey()).isEqualTo("h");
  }

  @Test
  void completionsPromptShapes() throws Exception {
    assertThat(extract("{\"prompt\":\"abc\",\"max_tokens\":3}", RequestKind.COMPLETIONS).text())
        .isEqualTo("abc");
    assertThat(extract("{\"prompt\":[\"a\",\"b\"]}", RequestKind.COMPLETIONS).text())
        .isEqualTo("a\nb");
    assertThat(extract("{\"prompt\":[1,2,3]}", RequestKind.COMPLETIONS).tokenIds())
        .containsExactly(1, 2, 3);
    assertThat(extract("{\"prompt\":[[1,2],[3]]}", RequestKind.COMPLETIONS).tokenIds())
        .containsExactly(1, 2, 3);
    assertThat(extract("{\"prompt\":[]}", RequestKind.COMPLETIONS).text()).isEmpty();
  }

  @Test
  void generateTextIdsAndSamplingParams() throws Exception {
    ExtractedPrompt t =
        extract(
            "{\"text\":\"hello\",\"sampling_params\":{\"temperature\":0,\"max_new_tokens\":12},\"stream\":false}",
            RequestKind.GENERATE);
    assertThat(t.text()).isEqualTo("hello");
    assertThat(t.maxTokens()).isEqualTo(12);
    ExtractedPrompt ids = extract("{\"input_ids\":[5,6,7]}", RequestKind.GENERATE);
    assertThat(ids.tokenIds()).containsExactly(5, 6, 7);
    assertThat(ids.maxTokens()).isEqualTo(-1);
    assertThat(extract("{\"text\":[\"a\",\"b\"]}", RequestKind.GENERATE).text()).isEqualTo("a\nb");
    assertThat(extract("{\"input_embeds\":[[0.1]]}", RequestKind.GENERATE).text()).isEmpty();
  }

  @Test
  void emptyTokenIdListsReadAsNoTokenIds() throws Exception {
    ExtractedPrompt flat = extract("{\"input_ids\":[]}", RequestKind.GENERATE);
    assertThat(flat.hasTokenIds()).isTrue();
    assertThat(flat.tokenIds()).isEmpty();
    ExtractedPrompt nested = extract("{\"input_ids\":[[]]}", RequestKind.GENERATE);
    assertThat(nested.tokenIds()).isEmpty();
  }

  @Test
  void unknownFieldsOfAnyShapeAreSkipped() throws Exception {
    ExtractedPrompt p =
        extract(
            "{\"x\":{\"y\":[1,{\"z\":null}]},\"messages\":[{\"role\":\"user\",\"name\":\"n\",\"content\":\"q\",\"extra\":[1]}],\"tools\":[{}]}",
            RequestKind.CHAT_COMPLETIONS);
    assertThat(p.text()).isEqualTo("user: q\n");
  }

  @Test
  void fieldsOfOtherKindsAreNotPrompts() {
    assertThat(failure("{\"prompt\":\"secret\"}", RequestKind.CHAT_COMPLETIONS))
        .isEqualTo(PromptException.Kind.MISSING_PROMPT);
    assertThat(failure("{\"messages\":[]}", RequestKind.CHAT_COMPLETIONS))
        .isEqualTo(PromptException.Kind.MISSING_PROMPT);
    assertThat(failure("{\"text\":\"secret\"}", RequestKind.COMPLETIONS))
        .isEqualTo(PromptException.Kind.MISSING_PROMPT);
    assertThat(failure("{}", RequestKind.GENERATE)).isEqualTo(PromptException.Kind.MISSING_PROMPT);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not an object | [1,2]",
        "messages not array | {\"messages\":\"secret\"}",
        "message not object | {\"messages\":[\"secret\"]}",
        "content number | {\"messages\":[{\"role\":\"user\",\"content\":5}]}",
        "role number | {\"messages\":[{\"role\":1,\"content\":\"secret\"}]}",
        "stream string | {\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"secret\"}]}",
        "max_tokens float | {\"max_tokens\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"secret\"}]}",
        "model number | {\"model\":3,\"messages\":[{\"role\":\"user\",\"content\":\"secret\"}]}",
        "part number | {\"messages\":[{\"role\":\"user\",\"content\":[3]}]}",
      })
  void wrongTypesAreTyped(String name, String json) {
    assertThat(failure(json, RequestKind.CHAT_COMPLETIONS))
        .isEqualTo(PromptException.Kind.WRONG_TYPE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mixed prompt array | {\"prompt\":[\"secret\",1]}",
        "negative id | {\"prompt\":[1,-2]}",
        "id too big | {\"prompt\":[99999999999]}",
        "float id | {\"prompt\":[1.0]}",
        "prompt object | {\"prompt\":{\"a\":1}}",
      })
  void wrongPromptShapesAreTyped(String name, String json) {
    assertThat(failure(json, RequestKind.COMPLETIONS)).isEqualTo(PromptException.Kind.WRONG_TYPE);
  }

  @Test
  void textAndInputIdsTogetherAreRefused() {
    assertThat(failure("{\"text\":\"secret\",\"input_ids\":[1]}", RequestKind.GENERATE))
        .isEqualTo(PromptException.Kind.WRONG_TYPE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty | ''",
        "truncated | {\"messages\":[{\"role\":\"user\",\"content\":\"secret",
        "trailing garbage | {\"messages\":[]} x",
        "second object | {} {}",
        "bad token | {\"messages\": secret}",
        "unquoted key | {messages:[]}",
      })
  void malformedJsonIsTypedAndQuotesNoInput(String name, String json) {
    assertThat(failure(json, RequestKind.CHAT_COMPLETIONS))
        .isEqualTo(PromptException.Kind.MALFORMED_JSON);
  }

  @Test
  void invalidUtf8IsMalformed() {
    byte[] b = "{\"prompt\":\"ab\"}".getBytes(StandardCharsets.UTF_8);
    b[11] = (byte) 0xC3; // a lead byte followed by an ASCII byte
    b[12] = (byte) 'x';
    assertThatThrownBy(() -> extractor.extract(b, 0, b.length, RequestKind.COMPLETIONS))
        .isInstanceOf(PromptException.class)
        .extracting(e -> ((PromptException) e).kind())
        .isEqualTo(PromptException.Kind.MALFORMED_JSON);
  }

  @Test
  void oversizedBodiesAndPromptsAreTooLarge() throws Exception {
    PromptExtractor small = PromptExtractor.builder().maxBodyBytes(64).maxPromptChars(10).build();
    byte[] big = ("{\"prompt\":\"" + "x".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> small.extract(big, 0, big.length, RequestKind.COMPLETIONS))
        .extracting(e -> ((PromptException) e).kind())
        .isEqualTo(PromptException.Kind.TOO_LARGE);
    byte[] longPrompt =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"0123456789ab\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    PromptException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            PromptException.class,
            () -> small.extract(longPrompt, 0, longPrompt.length, RequestKind.CHAT_COMPLETIONS));
    assertThat(e.kind()).isEqualTo(PromptException.Kind.TOO_LARGE);
    assertThat(e.httpStatus()).isEqualTo(413);
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "{\"x\":" + "[".repeat(200) + "]".repeat(200) + ",\"prompt\":\"a\"}";
    assertThat(failure(deep, RequestKind.COMPLETIONS)).isEqualTo(PromptException.Kind.TOO_DEEP);
  }

  @Test
  void offsetAndLengthSelectTheBody() throws Exception {
    byte[] b = "xx{\"prompt\":\"abc\"}yy".getBytes(StandardCharsets.UTF_8);
    assertThat(extractor.extract(b, 2, b.length - 4, RequestKind.COMPLETIONS).text())
        .isEqualTo("abc");
  }

  @Test
  void toStringShowsNoPromptText() throws Exception {
    ExtractedPrompt p = extract("{\"prompt\":\"secret words\"}", RequestKind.COMPLETIONS);
    assertThat(p.toString()).doesNotContain("secret").contains("12 chars");
  }

  @Test
  void kindsMapFromPaths() {
    assertThat(RequestKind.forPath("/v1/chat/completions?x=1"))
        .isEqualTo(RequestKind.CHAT_COMPLETIONS);
    assertThat(RequestKind.forPath("/v1/completions/")).isEqualTo(RequestKind.COMPLETIONS);
    assertThat(RequestKind.forPath("/generate")).isEqualTo(RequestKind.GENERATE);
    assertThat(RequestKind.forPath("/v1/models")).isNull();
    assertThat(RequestKind.forPath(null)).isNull();
  }
}
