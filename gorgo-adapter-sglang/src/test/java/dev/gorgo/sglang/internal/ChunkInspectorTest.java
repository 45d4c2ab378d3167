package dev.gorgo.sglang.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkInspectorTest {
  private final ChunkInspector inspector = new ChunkInspector();

  private ChunkInspector inspect(String chunk) {
    byte[] b = chunk.getBytes(StandardCharsets.UTF_8);
    inspector.inspect(b, 0, b.length);
    return inspector;
  }

  @Test
  void roleOnlyAndEmptyFinishChunksAreNotContent() {
    assertThat(
            inspect(
                    "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}")
                .content)
        .isFalse();
    assertThat(
            inspect("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")
                .content)
        .isFalse();
  }

  @Test
  void contentShapes() {
    assertThat(inspect("{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}").content).isTrue();
    assertThat(inspect("{\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}").content)
        .isTrue();
    assertThat(inspect("{\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"x\"}]}}]}").content)
        .isTrue();
    assertThat(
            inspect("{\"choices\":[{\"index\":0,\"text\":\"t\",\"finish_reason\":null}]}").content)
        .isTrue();
    assertThat(inspect("{\"text\":\"cumulative\",\"meta_info\":{\"id\":\"r\"}}").content).isTrue();
    assertThat(
            inspect("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"x\"}}]}")
                .content)
        .isTrue();
  }

  @Test
  void usageWithCachedTokensFromOpenAiAndGenerateShapes() {
    inspect(
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,\"total_tokens\":13,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":8}}}");
    assertThat(inspector.promptTokens).isEqualTo(10);
    assertThat(inspector.completionTokens).isEqualTo(3);
    assertThat(inspector.cachedTokens).isEqualTo(8);
    ChunkInspector g = new ChunkInspector();
    byte[] b =
        "{\"text\":\"x\",\"meta_info\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"cached_tokens\":4}}"
            .getBytes(StandardCharsets.UTF_8);
    g.inspect(b, 0, b.length);
    assertThat(g.cachedTokens).isEqualTo(4);
    assertThat(g.promptTokens).isEqualTo(5);
  }

  @Test
  void doneErrorsAndGarbage() {
    assertThat(inspect(" [DONE] ").done).isTrue();
    assertThat(
            inspect("{\"error\":{\"message\":\"The request queue is full.\",\"code\":503}}").error)
        .isTrue();
    assertThat(inspect("not json").content).isFalse();
    assertThat(inspect("{\"choices\":[{\"delta\":{\"content\":\"x\"").content).isFalse();
    assertThat(inspect("{\"usage\":null,\"choices\":null}").content).isFalse();
  }
}
