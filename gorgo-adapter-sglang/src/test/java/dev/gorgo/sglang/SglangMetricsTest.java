package dev.gorgo.sglang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SglangMetricsTest {
  /** A 2026-style exposition: one DP rank, full scheduler labels, colon prefix. */
  static final String MODERN =
      "# HELP sglang:num_running_reqs The number of running requests.\n"
          + "# TYPE sglang:num_running_reqs gauge\n"
          + "sglang:num_running_reqs{engine_type=\"unified\",model_name=\"qwen\",pp_rank=\"0\",tp_rank=\"0\"} 7.0\n"
          + "# TYPE sglang:num_queue_reqs gauge\n"
          + "sglang:num_queue_reqs{engine_type=\"unified\",model_name=\"qwen\",pp_rank=\"0\",tp_rank=\"0\"} 3.0\n"
          + "sglang:num_used_tokens{engine_type=\"unified\",model_name=\"qwen\",pp_rank=\"0\",tp_rank=\"0\"} 5120.0\n"
          + "sglang:max_total_num_tokens{engine_type=\"unified\",model_name=\"qwen\",pp_rank=\"0\",tp_rank=\"0\"} 20480.0\n"
          + "sglang:token_usage{engine_type=\"unified\",model_name=\"qwen\",pp_rank=\"0\",tp_rank=\"0\"} 0.9\n"
          + "sglang:gen_throughput{engine_type=\"unified\",model_name=\"qwen\",pp_rank=\"0\",tp_rank=\"0\"} 812.5\n"
          + "sglang:cache_hit_rate{engine_type=\"unified\",model_name=\"qwen\",pp_rank=\"0\",tp_rank=\"0\"} 0.42\n"
          + "# TYPE sglang:prompt_tokens_total counter\n"
          + "sglang:prompt_tokens_total{engine_type=\"unified\",model_name=\"qwen\"} 1000.0\n"
          + "sglang:cached_tokens_total{cache_source=\"device\",model_name=\"qwen\"} 300.0\n"
          + "sglang:cached_tokens_total{cache_source=\"host\",model_name=\"qwen\"} 100.0\n"
          + "sglang:cached_tokens_total{cache_source=\"total\",model_name=\"qwen\"} 400.0\n"
          + "sglang:num_requests_total{model_name=\"qwen\",is_streaming=\"true\"} 20\n"
          + "sglang:num_requests_total{model_name=\"qwen\",is_streaming=\"false\"} 5\n"
          + "sglang:time_to_first_token_seconds_bucket{le=\"0.1\",model_name=\"qwen\"} 4.0\n"
          + "process_cpu_seconds_total 12.5\n";

  /** A /v1/loads?include=core answer with two DP ranks (newer servers). */
  static final String LOADS =
      "{\"timestamp\":\"2026-03-03T10:00:00Z\",\"version\":\"0.5.9\",\"loads\":["
          + "{\"dp_rank\":0,\"timestamp\":1.0,\"num_running_reqs\":4,\"num_waiting_reqs\":1,"
          + "\"num_used_tokens\":1000,\"max_total_num_tokens\":10000,\"token_usage\":0.1,"
          + "\"gen_throughput\":10.5,\"cache_hit_rate\":0.5,\"utilization\":0.0,"
          + "\"max_running_requests\":64,\"memory\":null},"
          + "{\"dp_rank\":1,\"num_running_reqs\":6,\"num_waiting_reqs\":2,"
          + "\"num_used_tokens\":3000,\"max_total_num_tokens\":10000,\"token_usage\":0.3}]}";

  @Test
  void loadsEndpointCombinesLikeAScrape() throws IOException {
    SglangMetrics m = SglangMetrics.parseLoads(LOADS.getBytes(StandardCharsets.UTF_8));
    assertThat(m.runningRequests()).isEqualTo(10);
    assertThat(m.queuedRequests()).isEqualTo(3);
    assertThat(m.kvUsage()).isEqualTo(0.2);
    assertThat(m.maxTotalTokens()).isEqualTo(20000);
    assertThat(m.samples()).anyMatch(s -> s.name().equals("max_running_requests"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SglangMetrics.parseLoads("[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SglangMetrics.parseLoads("{\"loads\":[1]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void modernExpositionCombinesToServerTotals() {
    SglangMetrics m = SglangMetrics.parse(MODERN);
    assertThat(m.runningRequests()).isEqualTo(7);
    assertThat(m.queuedRequests()).isEqualTo(3);
    assertThat(m.usedTokens()).isEqualTo(5120);
    assertThat(m.maxTotalTokens()).isEqualTo(20480);
    // Σused / Σcapacity wins over the exported token_usage gauge
    assertThat(m.kvUsage()).isEqualTo(0.25);
    assertThat(m.genThroughput()).isEqualTo(812.5);
    assertThat(m.cacheHitRate()).isEqualTo(0.42);
    assertThat(m.promptTokensTotal()).isEqualTo(1000);
    assertThat(m.cachedTokensTotal()).as("only the cache_source=total series").isEqualTo(400);
    assertThat(m.requestsTotal()).isEqualTo(25);
    assertThat(m.hasLoad()).isTrue();
    assertThat(m.samples()).noneMatch(s -> s.name().startsWith("process"));
    assertThat(m.samples()).anyMatch(s -> s.name().equals("time_to_first_token_seconds_bucket"));
  }

  @Test
  void underscorePrefixReadsTheSame() {
    SglangMetrics colon = SglangMetrics.parse(MODERN);
    SglangMetrics underscore = SglangMetrics.parse(MODERN.replace("sglang:", "sglang_"));
    assertThat(underscore.runningRequests()).isEqualTo(colon.runningRequests());
    assertThat(underscore.kvUsage()).isEqualTo(colon.kvUsage());
    assertThat(underscore.requestsTotal()).isEqualTo(colon.requestsTotal());
  }

  @Test
  void dataParallelRanksAreSummedAndTensorRanksAreNot() {
    String exposition =
        // DP rank 0 reported by TP ranks 0 and 1 (all schedulers report): same batch, take tp 0
        "sglang:num_running_reqs{dp_rank=\"0\",pp_rank=\"0\",tp_rank=\"1\"} 9\n"
            + "sglang:num_running_reqs{dp_rank=\"0\",pp_rank=\"0\",tp_rank=\"0\"} 4\n"
            + "sglang:num_running_reqs{dp_rank=\"1\",pp_rank=\"0\",tp_rank=\"2\"} 6\n"
            + "sglang:num_queue_reqs{dp_rank=\"0\",tp_rank=\"0\"} 1\n"
            + "sglang:num_queue_reqs{dp_rank=\"1\",tp_rank=\"2\"} 2\n"
            + "sglang:token_usage{dp_rank=\"0\",tp_rank=\"0\"} 0.2\n"
            + "sglang:token_usage{dp_rank=\"1\",tp_rank=\"2\"} 0.7\n";
    SglangMetrics m = SglangMetrics.parse(exposition);
    assertThat(m.runningRequests()).isEqualTo(10);
    assertThat(m.queuedRequests()).isEqualTo(3);
    assertThat(m.kvUsage()).as("max over ranks without capacity").isEqualTo(0.7);
    assertThat(m.maxTotalTokens()).isEqualTo(-1);
  }

  @Test
  void pipelineStageZeroIsChosenAndPidDuplicatesGiveTheirMaximum() {
    String exposition =
        "sglang_num_running_reqs{pp_rank=\"1\",tp_rank=\"0\"} 50\n"
            + "sglang_num_running_reqs{pp_rank=\"0\",tp_rank=\"0\",pid=\"11\"} 5\n"
            + "sglang_num_running_reqs{pp_rank=\"0\",tp_rank=\"0\",pid=\"12\"} 8\n"
            + "sglang_num_queue_reqs 0\n";
    SglangMetrics m = SglangMetrics.parse(exposition);
    assertThat(m.runningRequests()).isEqualTo(8);
    assertThat(m.queuedRequests()).isZero();
  }

  @Test
  void kvUsageFromCapacityAcrossRanks() {
    String exposition =
        "sglang:num_used_tokens{dp_rank=\"0\"} 100\n"
            + "sglang:num_used_tokens{dp_rank=\"1\"} 300\n"
            + "sglang:max_total_num_tokens{dp_rank=\"0\"} 1000\n"
            + "sglang:max_total_num_tokens{dp_rank=\"1\"} 1000\n"
            + "sglang:token_usage{dp_rank=\"1\"} 0.3\n";
    assertThat(SglangMetrics.parse(exposition).kvUsage()).isEqualTo(0.2);
  }

  @Test
  void malformedLinesAreSkippedNotFatal() {
    String exposition =
        "sglang:num_running_reqs{model_name=\"a\\\"b\\\\c\\nd\"} 2\n"
            + "sglang:num_queue_reqs{model_name=\"x\" 5\n"
            + "sglang:num_queue_reqs{=\"x\"} 5\n"
            + "sglang:num_queue_reqs 0x10\n"
            + "sglang:num_queue_reqs\n"
            + "{} 3\n"
            + "sglang:num_queue_reqs{a=\"b\",} 1 1700000000000\r\n"
            + "sglang:token_usage NaN\n"
            + "sglang:gen_throughput +Inf\n";
    SglangMetrics m = SglangMetrics.parse(exposition);
    assertThat(m.runningRequests()).isEqualTo(2);
    assertThat(m.samples().get(0).labels()).containsEntry("model_name", "a\"b\\c\nd");
    assertThat(m.queuedRequests()).isEqualTo(1);
    assertThat(m.kvUsage()).isNaN();
    assertThat(m.genThroughput()).isInfinite();
  }

  /** Regression: the original read a num_waiting_reqs gauge that SGLang does not export. */
  @Test
  void queueIsReadFromNumQueueReqsOnly() {
    SglangMetrics m =
        SglangMetrics.parse("sglang:num_running_reqs 2\nsglang:num_waiting_reqs 40\n");
    assertThat(m.queuedRequests()).isEqualTo(-1);
    assertThat(m.hasLoad()).isFalse();
    assertThat(
            SglangMetrics.parse("sglang:num_running_reqs 2\nsglang:num_queue_reqs 40\n")
                .queuedRequests())
        .isEqualTo(40);
  }

  @Test
  void emptyOrForeignExpositionHasNoLoad() {
    assertThat(SglangMetrics.parse("").hasLoad()).isFalse();
    SglangMetrics vllm = SglangMetrics.parse("vllm:num_requests_running 3\n");
    assertThat(vllm.hasLoad()).isFalse();
    assertThat(vllm.runningRequests()).isEqualTo(-1);
    assertThat(vllm.samples()).isEmpty();
  }

  @Test
  void realDocsSampleWhenPresent() throws IOException {
    String shared = System.getProperty("gorgo.shared.dir");
    Path sample = shared == null ? null : Path.of(shared, "fixtures", "sglang-metrics-sample.txt");
    assumeThat(sample != null && Files.isRegularFile(sample))
        .as("shared fixtures/sglang-metrics-sample.txt absent; skipping")
        .isTrue();
    SglangMetrics m = SglangMetrics.parse(Files.readString(sample, StandardCharsets.UTF_8));
    assertThat(m.runningRequests()).isEqualTo(162);
    assertThat(m.queuedRequests()).isEqualTo(2826);
    assertThat(m.kvUsage()).isEqualTo(0.28);
    assertThat(m.usedTokens()).isEqualTo(123859);
    assertThat(m.maxTotalTokens()).as("old exposition has no capacity gauge").isEqualTo(-1);
    assertThat(m.promptTokensTotal()).isEqualTo(8.128902e6);
    assertThat(m.genThroughput()).isEqualTo(86.50814177726902);
  }
}
