package dev.gorgo.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TraceRecorderTest {
  @Test
  void rendersNestedSlicesOnNonOverlappingLanes() throws Exception {
    AtomicLong now = new AtomicLong(500_000_000L);
    TraceRecorder trace = new TraceRecorder("127.0.0.1:8000", now::get, 100);
    assertThat(trace.stop()).isNull();
    trace.start();
    // Two overlapping requests, then one that starts after the first ended.
    RequestRecord a = RequestLogTest.record("a", true, "");
    RequestRecord b = RequestLogTest.record("b", true, "");
    RequestRecord c =
        new RequestRecord(
            "c",
            "/generate",
            0,
            false,
            0,
            5,
            1_030_000_000L,
            1_031_000_000L,
            0,
            0,
            0,
            0,
            1_040_000_000L,
            Double.NaN,
            0,
            0,
            "eu-1",
            "h",
            null,
            502,
            false,
            "upstream_reset",
            2,
            false);
    trace.record(a);
    trace.record(b);
    trace.record(c);
    now.set(2_000_000_000L);
    JsonNode doc = new ObjectMapper().readTree(trace.stop());
    assertThat(trace.active()).isFalse();
    List<JsonNode> requests = new ArrayList<>();
    doc.get("traceEvents")
        .forEach(
            e -> {
              if (e.get("name").asText().equals("request")) requests.add(e);
            });
    assertThat(requests).hasSize(3);
    assertThat(requests.get(0).get("tid").asInt()).isNotEqualTo(requests.get(1).get("tid").asInt());
    assertThat(requests.get(2).get("tid").asInt()).isEqualTo(requests.get(0).get("tid").asInt());
    assertThat(requests.get(2).get("args").get("error").asText()).isEqualTo("upstream_reset");
    // a: queue 0..~2ms, decision, upstream until first token at +7ms, stream to +20ms
    List<String> names = new ArrayList<>();
    doc.get("traceEvents")
        .forEach(
            e -> {
              if (e.get("tid").asInt() == requests.get(1).get("tid").asInt()
                  && e.get("ph").asText().equals("X")) {
                names.add(e.get("name").asText());
              }
            });
    assertThat(names)
        .containsExactly("request", "queue_wait", "routing_decision", "upstream_ttft", "stream");
    JsonNode first = requests.get(0);
    assertThat(first.get("ts").asDouble()).isEqualTo(500_000.0); // us since session start
    assertThat(first.get("dur").asDouble()).isEqualTo(20_000.0);
    assertThat(doc.get("metadata").get("requests").asInt()).isEqualTo(3);
  }

  @Test
  void boundedPerSession() throws Exception {
    AtomicLong now = new AtomicLong(0);
    TraceRecorder trace = new TraceRecorder("n", now::get, 1);
    trace.start();
    trace.record(RequestLogTest.record("a", true, ""));
    trace.record(RequestLogTest.record("b", true, ""));
    assertThat(trace.status()).containsEntry("dropped", 1L);
    JsonNode doc = new ObjectMapper().readTree(trace.stop());
    assertThat(doc.get("metadata").get("dropped").asInt()).isEqualTo(1);
  }
}
