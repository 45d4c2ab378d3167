package dev.gorgo.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorgo.cli.CliRun;
import dev.gorgo.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick demo end to end: emulated replicas, the proxy, four policies, the report. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void quickDemoComparesEveryPolicyAndWritesTheReport() throws Exception {
    CliRun r = CliRun.of("demo", "--quick", "--quiet", "--output-dir", dir.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains(
            "policy", "TTFT p50", "cache hit", "cross-region", "Lowest median TTFT", "Report: ");
    JsonNode demo = new ObjectMapper().readTree(dir.resolve("demo.json").toFile());
    assertThat(demo.path("policies")).hasSize(4);
    int sent = demo.path("policies").path(0).path("sent").asInt();
    assertThat(sent).isPositive();
    for (JsonNode p : demo.path("policies")) {
      String name = p.path("policy").asText();
      // the same workload through every policy, and the emulated cluster drops nothing
      assertThat(p.path("sent").asInt()).as(name).isEqualTo(sent);
      assertThat(p.path("successful").asInt()).as(name).isEqualTo(sent);
      assertThat(p.path("ttftP50Ms").asDouble()).as(name).isPositive();
      assertThat(p.path("cacheHitRatio").asDouble()).as(name).isBetween(0.0, 1.0);
      assertThat(p.path("crossRegionShare").asDouble()).as(name).isBetween(0.0, 1.0);
      int routed = 0;
      for (JsonNode n : p.path("routedByRegion")) {
        routed += n.asInt();
      }
      assertThat(routed).as(name).isEqualTo(sent);
    }
    // multi-turn conversations share prefixes: caching policies must see hits
    assertThat(policy(demo, "prefix-tree").path("cacheHitRatio").asDouble()).isPositive();
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("<svg", "gorgo", "least-load").doesNotContain("<script");
  }

  private static JsonNode policy(JsonNode demo, String name) {
    for (JsonNode p : demo.path("policies")) {
      if (p.path("policy").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no policy " + name);
  }

  @Test
  void unknownPolicyIsRefusedBeforeAnythingStarts() {
    CliRun r = CliRun.of("demo", "--policies", "gorgo,telepathy");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("telepathy", "least-load");
  }

  @Test
  void missingTraceIsRefused() {
    CliRun r = CliRun.of("demo", "--trace", dir.resolve("none.jsonl").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("none.jsonl");
  }
}
