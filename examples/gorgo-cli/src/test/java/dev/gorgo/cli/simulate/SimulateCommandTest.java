package dev.gorgo.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gorgo.cli.CliRun;
import dev.gorgo.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  @TempDir Path dir;

  @Test
  void simulatesASmallSyntheticWorkloadAndWritesTheReport() throws Exception {
    CliRun r =
        CliRun.of(
            "simulate",
            "--duration",
            "30",
            "--policies",
            "gorgo,least-load",
            "--topology",
            "paper-v2",
            "--out",
            dir.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("gorgo", "least-load", "Report: ");
    assertThat(dir.resolve("report.html")).exists();
    assertThat(Files.readString(dir.resolve("report.html"))).contains("<svg");
  }

  @Test
  void replaysATraceFile() throws Exception {
    Path trace = dir.resolve("t.jsonl");
    Files.writeString(
        trace,
        "{\"timestamp\": 0, \"input_length\": 600, \"output_length\": 3, \"hash_ids\": [0, 1]}\n"
            + "{\"timestamp\": 40, \"input_length\": 700, \"output_length\": 2, \"hash_ids\": [0, 2]}\n");
    CliRun r =
        CliRun.of(
            "simulate",
            "--trace",
            trace.toString(),
            "--policies",
            "gorgo",
            "--out",
            dir.resolve("out").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).contains("2 requests");
  }

  @Test
  void badInputIsAOneLineUsageError() {
    CliRun missing = CliRun.of("simulate", "--trace", dir.resolve("none.jsonl").toString());
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err().strip().lines()).hasSize(1);
    CliRun both = CliRun.of("simulate", "--trace", "x.jsonl", "--synthetic");
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
    CliRun policy = CliRun.of("simulate", "--duration", "5", "--policies", "telepathy");
    assertThat(policy.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(policy.err()).contains("telepathy");
  }
}
