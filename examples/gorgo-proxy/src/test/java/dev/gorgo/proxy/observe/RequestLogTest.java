package dev.gorgo.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestLogTest {
  static RequestRecord record(String id, boolean success, String error) {
    RoutingSnapshot routing =
        new RoutingSnapshot(
            new String[] {"us-1", "eu-1"},
            new int[] {30, 90},
            100,
            new double[] {12.5, -1},
            0,
            9.4,
            120,
            40);
    long t0 = 1_000_000_000L;
    return new RequestRecord(
        id,
        "/v1/chat/completions",
        1_764_091_222_000L,
        true,
        400,
        100,
        t0,
        t0 + 2_000_000,
        2_000_000,
        10_000,
        t0 + 5_000_000,
        t0 + 7_000_000,
        t0 + 20_000_000,
        9.4,
        120,
        40,
        "us-1",
        "10.0.0.5",
        routing,
        200,
        success,
        error,
        1,
        false);
  }

  @Test
  void csvHasTheOriginalColumnsInOrder() throws IOException {
    StringWriter out = new StringWriter();
    RequestLog.writeCsv(
        List.of(record("r-1", true, ""), record("r-2", false, "upstream_reset, mid-stream")), out);
    String[] lines = out.toString().split("\n");
    assertThat(lines[0])
        .isEqualTo(
            "request_id,timestamp,prompt_length,tokens,network_latency_ms,ttft_ms,total_latency_ms,"
                + "queue_time_ms,predicted_prefill_time_ms,queued_tokens_at_routing,"
                + "running_tokens_at_routing,selected_server,selected_server_id,"
                + "eu-1_prefix_hit,eu-1_matched_len,us-1_prefix_hit,us-1_matched_len,"
                + "eu-1_cost,us-1_cost,status_code,success,error");
    assertThat(lines[1])
        .isEqualTo(
            "r-1,2025-11-25T17:20:22Z,400,100,3.00,7.00,20.00,2.00,9.40,120,40,10.0.0.5,us-1,"
                + "0.9000,90,0.3000,30,-1.00,12.50,200,true,");
    assertThat(lines[2]).endsWith(",200,false,\"upstream_reset, mid-stream\"");
    assertThat(lines).hasSize(3);
  }

  @Test
  void ringKeepsTheNewestAndClearForgets() {
    RequestLog log = new RequestLog(3);
    for (int i = 0; i < 5; i++) {
      log.record(record("r-" + i, true, ""));
    }
    assertThat(log.snapshot())
        .extracting(RequestRecord::requestId)
        .containsExactly("r-2", "r-3", "r-4");
    assertThat(log.clear()).isEqualTo(3);
    assertThat(log.snapshot()).isEmpty();
    log.record(record("r-5", true, ""));
    assertThat(log.snapshot()).extracting(RequestRecord::requestId).containsExactly("r-5");
  }

  @Test
  void disabledLogRecordsNothing() {
    RequestLog log = new RequestLog(0);
    log.record(record("x", true, ""));
    assertThat(log.snapshot()).isEmpty();
    assertThat(log.summary()).containsEntry("count", 0);
  }

  @Test
  void summaryCountsAndAverages() {
    RequestLog log = new RequestLog(10);
    log.record(record("a", true, ""));
    log.record(record("b", false, "queue_timeout"));
    Map<String, Object> s = log.summary();
    assertThat(s)
        .containsEntry("count", 2)
        .containsEntry("success_count", 1)
        .containsEntry("fail_count", 1);
    assertThat(s).containsEntry("avg_total_latency_ms", 20.0).containsEntry("avg_ttft_ms", 7.0);
    assertThat(s.get("avg_prefix_cache_hit_ratios")).isEqualTo(Map.of("eu-1", 0.9, "us-1", 0.3));
  }
}
