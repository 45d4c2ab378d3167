package dev.gorgo.cli.emulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gorgo.cli.CliRun;
import dev.gorgo.cli.ExitCodes;
import dev.gorgo.cli.UsageException;
import dev.gorgo.emulator.ReplicaSpec;
import dev.gorgo.sim.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EmulateCommandTest {

  @Test
  void topologyReplicasGetHalfTheRoundTripFromTheVantageRegion() {
    Topology t = Topology.named("paper-v2");
    List<ReplicaSpec> specs = Regions.specs(t, "us-east", 2, 0);
    assertThat(specs).hasSize(6);
    assertThat(specs.get(0).name()).isEqualTo("us-east-0");
    for (ReplicaSpec s : specs) {
      double halfRtt = t.rttMs("us-east", s.region()) / 2;
      assertThat(s.oneWayDelay().toNanos() / 1e6)
          .isCloseTo(halfRtt, org.assertj.core.data.Offset.offset(1e-3));
    }
  }

  @Test
  void parsesReplicaSpecs() {
    ReplicaSpec r = EmulateCommand.parseReplica("eu-0@frankfurt:44ms:30001");
    assertThat(r).isEqualTo(new ReplicaSpec("eu-0", "frankfurt", Duration.ofMillis(44), 30001));
    assertThat(EmulateCommand.parseReplica("a@b:0.5s").oneWayDelay())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(EmulateCommand.parseReplica("a@b:75").oneWayDelay())
        .isEqualTo(Duration.ofMillis(75));
    for (String bad : List.of("a", "a@b", "@b:1ms", "a@b:fast", "a@b:1ms:x", "a@b:1ms:70000")) {
      assertThatThrownBy(() -> EmulateCommand.parseReplica(bad))
          .as(bad)
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("--replica " + bad);
    }
  }

  @Test
  void startsServesAndStopsAfterTheDuration() throws Exception {
    CliRun r =
        CliRun.of(
            "emulate", "--replicas-per-region", "1", "--time-scale", "inf", "--duration", "0.3");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains("3 replicas", "us-east-0", "frankfurt-0", "seoul-0", "./gorgo proxy");
    Matcher m =
        Pattern.compile("--backend us-east-0=(http://127\\.0\\.0\\.1:\\d+)@us-east")
            .matcher(r.out());
    assertThat(m.find()).isTrue();
  }

  @Test
  void badOptionsAreOneLineUsageErrors() {
    CliRun r = CliRun.of("emulate", "--replica", "nope");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip().lines()).hasSize(1);
    CliRun t = CliRun.of("emulate", "--topology", "atlantis");
    assertThat(t.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(t.err()).contains("atlantis");
    CliRun v = CliRun.of("emulate", "--vantage", "mars");
    assertThat(v.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(v.err()).contains("mars", "us-east");
  }
}
