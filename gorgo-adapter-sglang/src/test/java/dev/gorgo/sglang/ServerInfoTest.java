package dev.gorgo.sglang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServerInfoTest {
  /** Shaped like the 2026 docs example (Qwen2.5-0.5B, one GPU), trimmed. */
  static final String MODERN =
      "{\"model_path\":\"Qwen/Qwen2.5-0.5B-Instruct\",\"served_model_name\":\"qwen\","
          + "\"max_running_requests\":128,\"max_total_tokens\":20480,\"chunked_prefill_size\":8192,"
          + "\"max_prefill_tokens\":16384,\"schedule_policy\":\"fcfs\",\"page_size\":1,\"dp_size\":1,"
          + "\"disable_radix_cache\":false,\"kv_events_config\":null,\"status\":\"ready\","
          + "\"max_total_num_tokens\":20480,\"max_req_input_len\":20474,"
          + "\"internal_states\":[{\"max_running_requests\":128,\"effective_max_running_requests_per_dp\":128,"
          + "\"last_gen_throughput\":12.5,\"memory_usage\":{\"weight\":0.98,\"kvcache\":0.23,"
          + "\"token_capacity\":20480,\"graph\":0.06}}],\"version\":\"0.5.9\"}";

  @Test
  void modernServerInfo() throws IOException {
    ServerInfo info = ServerInfo.parse(MODERN.getBytes(StandardCharsets.UTF_8));
    assertThat(info.maxRunningRequests()).isEqualTo(128);
    assertThat(info.maxTotalNumTokens()).isEqualTo(20480);
    assertThat(info.pageSize()).isEqualTo(1);
    assertThat(info.chunkedPrefillSize()).isEqualTo(8192);
    assertThat(info.maxReqInputLen()).isEqualTo(20474);
    assertThat(info.dpSize()).isEqualTo(1);
    assertThat(info.servedModelName()).isEqualTo("qwen");
    assertThat(info.version()).isEqualTo("0.5.9");
  }

  @Test
  void perRankCapsAreSummedAndPreferTheEffectiveOne() throws IOException {
    String json =
        "{\"max_running_requests\":null,\"dp_size\":2,\"max_total_tokens\":null,\"max_total_num_tokens\":4000,"
            + "\"internal_states\":[{\"max_running_requests\":64,\"effective_max_running_requests_per_dp\":48},"
            + "{\"max_running_requests\":64}],\"page_size\":16}";
    ServerInfo info = ServerInfo.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(info.maxRunningRequests()).isEqualTo(48 + 64);
    assertThat(info.dpSize()).isEqualTo(2);
    assertThat(info.pageSize()).isEqualTo(16);
  }

  @Test
  void oldServerWithOnlyFlagsAndNulls() throws IOException {
    String json =
        "{\"max_running_requests\":null,\"max_total_tokens\":8192,\"chunked_prefill_size\":-1}";
    ServerInfo info = ServerInfo.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(info.maxRunningRequests()).isEqualTo(-1);
    assertThat(info.maxTotalNumTokens()).isEqualTo(8192);
    assertThat(info.chunkedPrefillSize()).isEqualTo(-1);
    assertThat(info.pageSize()).isEqualTo(-1);
  }

  @Test
  void notAnObjectFails() {
    assertThatThrownBy(() -> ServerInfo.parse("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ServerInfo.parse("{\"a\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }
}
