package dev.gorgo.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gorgo.emulator.EmulatorConfig;
import dev.gorgo.emulator.ReplicaSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void parsesReplicasAndOptions() {
    EmulatorConfig c =
        CommandLine.parse(
            List.of(
                "--replica",
                "us-0@us-west:5ms:30000",
                "--replica",
                "eu-0@eu-central:0.075s",
                "--time-scale",
                "inf",
                "--profile",
                "a100-mistral7b",
                "--max-running",
                "8",
                "--no-cache-report"));
    assertThat(c.replicas())
        .containsExactly(
            new ReplicaSpec("us-0", "us-west", Duration.ofMillis(5), 30000),
            new ReplicaSpec("eu-0", "eu-central", Duration.ofMillis(75), 0));
    assertThat(c.timeScale()).isInfinite();
    assertThat(c.profile()).isEqualTo("a100-mistral7b");
    assertThat(c.maxRunning()).isEqualTo(8);
    assertThat(c.cacheReport()).isFalse();
  }

  @Test
  void defaultsToOneLocalReplicaOnSglangsPort() {
    assertThat(CommandLine.parse(List.of()).replicas())
        .containsExactly(new ReplicaSpec("local-0", "local", Duration.ZERO, 30000));
  }

  @Test
  void durationsAcceptUnits() {
    assertThat(CommandLine.duration("75")).isEqualTo(Duration.ofMillis(75));
    assertThat(CommandLine.duration("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(CommandLine.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("--replica", "nodelay")))
        .hasMessageContaining("NAME@REGION:DELAY");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--replica", "a@r:-5ms")))
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--time-scale", "fast")))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--frobnicate", "1")))
        .hasMessageContaining("unknown option");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--seed")))
        .hasMessageContaining("missing value");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--time-scale", "0")))
        .hasMessageContaining("timeScale");
    assertThatThrownBy(
            () -> CommandLine.parse(List.of("--replica", "a@r:1ms", "--replica", "a@s:2ms")))
        .hasMessageContaining("duplicate replica name");
  }
}
