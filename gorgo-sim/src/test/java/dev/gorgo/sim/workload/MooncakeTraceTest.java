package dev.gorgo.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class MooncakeTraceTest {

  private static Workload parse(String text) throws IOException {
    return MooncakeTrace.read("t", new StringReader(text), 4);
  }

  @Test
  void equalBlockIdsGiveEqualPrefixesAndExactLengths() throws IOException {
    Workload w =
        parse(
            """
            {"timestamp": 10, "input_length": 10, "output_length": 3, "hash_ids": [0, 1, 2]}
            {"timestamp": 5, "input_length": 9, "output_length": 2, "hash_ids": [0, 1, 7]}

            {"timestamp": 20, "input_length": 4, "output_length": 0, "hash_ids": [0]}
            """);
    assertThat(w.requests()).hasSize(3);
    TraceRequest first = w.requests().get(0);
    TraceRequest second = w.requests().get(1);
    assertThat(first.arrivalNanos()).isEqualTo(5_000_000L); // sorted by arrival
    assertThat(first.promptTokens()).isEqualTo(9);
    assertThat(second.promptTokens()).isEqualTo(10);
    int[] a = first.tokens();
    int[] b = second.tokens();
    assertThat(Arrays.mismatch(a, b)).isEqualTo(8); // two shared 4-token blocks
    assertThat(first.sessionKey()).isEqualTo(second.sessionKey()).isEqualTo("conv-1");
    assertThat(first.clientHash()).isEqualTo(second.clientHash());
    assertThat(w.requests().get(2).outputTokens()).isEqualTo(1);
    assertThat(first.outputTokenIds()).isNull();
  }

  @Test
  void optionalSessionAndRegionFieldsTakePrecedence() throws IOException {
    Workload w =
        parse(
            "{\"timestamp\": 0, \"input_length\": 4, \"output_length\": 1, \"hash_ids\": [3],"
                + " \"session\": \"u7\", \"region\": \"eu\"}");
    assertThat(w.requests().get(0).sessionKey()).isEqualTo("u7");
    assertThat(w.requests().get(0).clientRegion()).isEqualTo("eu");
  }

  @Test
  void malformedLinesAreRefusedWithTheLineNumber() {
    assertThatThrownBy(() -> parse("{\"timestamp\": 0"))
        .hasMessageContaining("t line 1")
        .hasMessageContaining("malformed JSON");
    String ok =
        "{\"timestamp\": 0, \"input_length\": 4, \"output_length\": 1, \"hash_ids\": [3]}\n";
    assertThatThrownBy(
            () ->
                parse(
                    ok
                        + "{\"timestamp\": 0, \"input_length\": 9, \"output_length\": 1,"
                        + " \"hash_ids\": [3]}"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("needs 3 hash ids");
    assertThatThrownBy(
            () -> parse("{\"input_length\": 4, \"output_length\": 1, \"hash_ids\": [3]}"))
        .hasMessageContaining("\"timestamp\" must be an integer");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"timestamp\": 0, \"input_length\": 0, \"output_length\": 1,"
                        + " \"hash_ids\": [3]}"))
        .hasMessageContaining("out of range");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"timestamp\": 0, \"input_length\": 4, \"output_length\": 1,"
                        + " \"hash_ids\": [-3]}"))
        .hasMessageContaining("non-negative integer");
    assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("JSON object");
  }

  @Test
  void rateScalingDividesArrivalTimes() throws IOException {
    Workload w =
        parse(
            """
            {"timestamp": 0, "input_length": 4, "output_length": 1, "hash_ids": [1]}
            {"timestamp": 1000, "input_length": 4, "output_length": 1, "hash_ids": [2]}
            """);
    Workload fast = w.scaled(2);
    assertThat(fast.requests().get(1).arrivalNanos()).isEqualTo(500_000_000L);
    assertThat(fast.ratePerSecond()).isEqualTo(2 * w.ratePerSecond());
    assertThatThrownBy(() -> w.scaled(0)).hasMessageContaining("rate scale");
  }

  @Test
  void readsTheSharedMooncakeTraceWhenPresent() {
    String shared = System.getProperty("gorgo.shared.dir");
    Path trace = shared == null ? null : Path.of(shared, "traces", "mooncake-conversation.jsonl");
    Assumptions.assumeTrue(
        trace != null && Files.isRegularFile(trace),
        "shared Mooncake trace absent (gorgo.shared.dir); skipping");
    Workload w = MooncakeTrace.read(trace);
    assertThat(w.requests()).hasSize(12_031);
    double meanInput =
        w.requests().stream().mapToInt(TraceRequest::promptTokens).average().orElseThrow();
    assertThat(meanInput).isBetween(12_000.0, 12_100.0);
    assertThat(w.spanNanos()).isBetween(55 * 60_000_000_000L, 60 * 60_000_000_000L);
  }
}
