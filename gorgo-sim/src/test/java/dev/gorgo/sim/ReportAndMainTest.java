package dev.gorgo.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportAndMainTest {
  @TempDir Path dir;

  private static SimulationReport small() {
    SimulationConfig c =
        SimulationConfig.builder(SimulationTest.chat(120))
            .profile(SimulationTest.ENGINE)
            .policies(List.of("gorgo", "least-load"))
            .rateScale(2)
            .build();
    return Simulation.run(c);
  }

  @Test
  void everyRenderingCarriesEveryPolicy() throws IOException {
    SimulationReport r = small();
    assertThat(r.table()).contains("gorgo").contains("least-load").contains("ttft_p99");
    JsonNode json = new ObjectMapper().readTree(r.json());
    assertThat(json.get("results")).hasSize(2);
    assertThat(json.get("results").get(0).get("ttftP95Ms").asDouble())
        .isEqualTo(r.results().get(0).ttftP95Ms());
    assertThat(json.get("config").get("topology").asText()).isEqualTo("paper-v1");
    assertThat(json.get("results").get(0).has("queueWaitMeanMs")).isTrue();
    assertThat(json.get("results").get(0).has("utilisation")).isTrue();
    assertThat(r.csv().lines()).hasSize(3);
    for (String line : r.csv().lines().toList()) {
      assertThat(line.split(",", -1)).as(line).hasSize(17);
    }
    assertThat(r.requestsCsv("gorgo").lines()).hasSize(1 + r.workload().requests().size());
    String html = r.html();
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .doesNotContain("<script")
        .doesNotContain("http://cdn");
    // One CDF curve per policy, plus one load plot per policy with a line per region and one for
    // the router's admission queue.
    assertThat(html.split("<polyline", -1)).hasSize(1 + 2 + 2 * (3 + 1));
    assertThat(html).contains("router queue");
  }

  @Test
  void mainRunsASyntheticWorkloadAndWritesTheReport() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        SimulatorMain.run(
            new String[] {
              "--synthetic",
              "--duration",
              "60",
              "--policies",
              "round-robin,oracle",
              "--topology",
              "paper-v2",
              "--replicas-per-region",
              "1",
              "--profile",
              "h100-7b",
              "--seed",
              "3",
              "--out",
              dir.toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("oracle").contains("paper-v2");
    for (String f :
        List.of(
            "report.txt",
            "report.json",
            "report.csv",
            "report.html",
            "requests-round-robin.csv",
            "requests-oracle.csv")) {
      assertThat(dir.resolve(f)).isNotEmptyFile();
    }
  }

  @Test
  void badArgumentsGiveAMessageAndStatus2() {
    assertThat(errorOf("--synthetic", "--rate-scale", "fast"))
        .contains("--rate-scale wants a number");
    assertThat(errorOf("--duration", "5")).contains("exactly one of --trace PATH and --synthetic");
    assertThat(errorOf("--synthetic", "--bogus")).contains("unknown argument --bogus");
    assertThat(errorOf("--synthetic", "--seed")).contains("--seed needs a value");
    assertThat(errorOf("--synthetic", "--profile", "tpu")).contains("unknown engine profile");
    assertThat(errorOf("--synthetic", "--topology", "mars")).contains("not a preset");
    assertThat(errorOf("--synthetic", "--duration", "5", "--policies", "nope"))
        .contains("unknown routing policy 'nope'");
    assertThat(errorOf("--trace", dir.resolve("missing.jsonl").toString()))
        .contains("cannot read trace");
    assertThat(errorOf("--synthetic", "--client-weights", "mars=1")).contains("region mars");
  }

  private String errorOf(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        SimulatorMain.run(
            args,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpPrintsTheUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        SimulatorMain.run(
            new String[] {"--help"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage:");
  }

  @Test
  void writingToAnUnwritablePlaceFailsWithStatus1() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        SimulatorMain.run(
            new String[] {
              "--synthetic",
              "--duration",
              "5",
              "--policies",
              "random",
              "--out",
              file.resolve("sub").toString()
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot write the report");
  }
}
