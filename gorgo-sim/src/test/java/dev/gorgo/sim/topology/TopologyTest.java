package dev.gorgo.sim.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyTest {
  @TempDir Path dir;

  @Test
  void presetsHaveTheDocumentedRegionsAndSymmetricRtts() {
    Topology v1 = Topology.named("paper-v1");
    assertThat(v1.regions()).containsExactly("us-west", "germany", "israel");
    assertThat(v1.routerRegion()).isEqualTo("us-west");
    assertThat(v1.rttMs("us-west", "germany")).isEqualTo(166.6);
    assertThat(v1.rttMs("israel", "germany")).isEqualTo(55);
    Topology v2 = Topology.named("paper-v2");
    assertThat(v2.regions()).containsExactly("us-east", "frankfurt", "seoul");
    for (Topology t : List.of(v1, v2)) {
      for (int i = 0; i < 3; i++) {
        assertThat(t.rttMs(i, i)).isEqualTo(2);
        for (int j = 0; j < 3; j++) {
          assertThat(t.rttMs(i, j)).isEqualTo(t.rttMs(j, i));
        }
      }
    }
  }

  @Test
  void clientRegionsFollowTheWeightsDeterministically() {
    Topology t = Topology.named("paper-v1").withClientWeights(new double[] {2, 1, 0});
    int[] counts = new int[3];
    for (long h = 0; h < 30_000; h++) {
      counts[t.clientRegion(h)]++;
      assertThat(t.clientRegion(h)).isEqualTo(t.clientRegion(h));
    }
    assertThat(counts[2]).isZero();
    assertThat(counts[0] / (double) counts[1]).isBetween(1.9, 2.1);
  }

  @Test
  void customTopologyLoadsFromJson() throws IOException {
    Path f = dir.resolve("two.json");
    Files.writeString(
        f,
        """
        {"name": "two", "regions": ["a", "b"], "rttMs": [[1, 80], [90, 1]],
         "routerRegion": "b", "clientWeights": {"a": 3}}
        """);
    Topology t = Topology.named(f.toString());
    assertThat(t.name()).isEqualTo("two");
    assertThat(t.rttMs("a", "b")).isEqualTo(80);
    assertThat(t.rttMs("b", "a")).isEqualTo(90);
    assertThat(t.routerRegion()).isEqualTo("b");
    assertThat(t.clientWeights()).containsExactly(3, 0);
  }

  @Test
  void badTopologiesAreRefusedWithTheReason() throws IOException {
    assertThatThrownBy(() -> Topology.named("paper-v9")).hasMessageContaining("not a preset");
    assertThat(bad("{\"regions\": [\"a\"], \"rttMs\": [[1, 2]]}")).contains("row 0");
    assertThat(bad("{\"regions\": [\"a\", \"a\"], \"rttMs\": [[1, 2], [2, 1]]}"))
        .contains("duplicate region a");
    assertThat(bad("{\"regions\": [\"a\"], \"rttMs\": [[-1]]}")).contains(">= 0");
    assertThat(bad("{\"regions\": [\"a\"], \"rttMs\": [[1]], \"routerRegion\": \"z\"}"))
        .contains("router region z");
    assertThat(bad("{\"regions\": [\"a\"], \"rttMs\": [[1]], \"clientWeights\": {\"q\": 1}}"))
        .contains("unknown region q");
    assertThat(bad("{\"regions\": [\"a\"], \"rttMs\": [[1]], \"clientWeights\": {\"a\": 0}}"))
        .contains("sum to 0");
    assertThat(bad("{\"regions\": [\"a\"], \"rttMs\": [[\"x\"]]}")).contains("not a number");
    assertThat(bad("[1, 2]")).contains("JSON object");
    assertThat(bad("{not json")).contains("cannot read topology");
  }

  private String bad(String json) throws IOException {
    Path f = Files.createTempFile(dir, "t", ".json");
    Files.writeString(f, json);
    try {
      Topology.fromJson(f);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted " + json);
  }
}
