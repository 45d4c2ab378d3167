package dev.gorgo.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorgo.cli.CliRun;
import dev.gorgo.cli.ExitCodes;
import dev.gorgo.emulator.Emulator;
import dev.gorgo.emulator.EmulatorCluster;
import dev.gorgo.emulator.EmulatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gorgo bench} against an emulated SGLang replica (zero model time) on loopback. */
class BenchAgainstEmulatorTest {
  @TempDir Path dir;

  @Test
  void everyRequestStreamsItsExactOutputLength() throws Exception {
    try (EmulatorCluster cluster =
        Emulator.start(
            EmulatorConfig.builder()
                .replica("r0", "local", Duration.ZERO)
                .timeScale(Double.POSITIVE_INFINITY)
                .build())) {
      CliRun r =
          CliRun.of(
              "bench",
              "--target",
              cluster.replica(0).baseUri() + "/v1",
              "--local-only",
              "--quiet",
              "--profile",
              "concurrent",
              "--concurrency",
              "4",
              "--max-requests",
              "40",
              "--output-tokens",
              "12",
              "--outputs",
              "json",
              "--output-dir",
              dir.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
      JsonNode run =
          new ObjectMapper().readTree(dir.resolve("benchmarks.json").toFile()).path("runs").path(0);
      assertThat(run.path("successful").asInt()).isEqualTo(40);
      assertThat(
              new ObjectMapper()
                  .readTree(dir.resolve("benchmarks.json").toFile())
                  .path("model")
                  .asText())
          .isEqualTo("gorgo-emulated-7b");
      long tokens = 0;
      for (JsonNode q : run.path("requests")) {
        tokens += q.path("outputTokens").asInt();
      }
      // the emulator produces exactly max_tokens per request; the replica counted the same
      assertThat(cluster.replica(0).stats().generationTokensTotal()).isEqualTo(tokens);
      assertThat(cluster.replica(0).stats().requestsTotal()).isEqualTo(40);
    }
  }
}
