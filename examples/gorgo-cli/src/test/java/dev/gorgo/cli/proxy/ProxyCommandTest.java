package dev.gorgo.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gorgo.cli.CliRun;
import dev.gorgo.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyCommandTest {
  @TempDir Path dir;

  @Test
  void startsFromFlagsAndStopsAfterTheDuration() {
    CliRun r =
        CliRun.of(
            "proxy",
            "--port",
            "0",
            "--backend",
            "a=http://127.0.0.1:9@us-east",
            "--policy",
            "least-load",
            "--duration",
            "0.3");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains("gorgo proxy listening on http://127.0.0.1:", "policy least-load", "us-east");
  }

  @Test
  void aFlagOverridesTheFile() throws Exception {
    Path cfg = dir.resolve("proxy.yaml");
    Files.writeString(
        cfg,
        "listen: {host: 127.0.0.1, port: 0}\npolicy: gorgo\nbackends:\n"
            + "  - {id: a, url: \"http://127.0.0.1:9\", region: r1}\n");
    CliRun r =
        CliRun.of(
            "proxy", "--config", cfg.toString(), "--policy", "prefix-tree", "--duration", "0.2");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("policy prefix-tree");
  }

  @Test
  void invalidConfigurationIsOneLineListingEveryProblem() {
    CliRun r =
        CliRun.of("proxy", "--backend", "not-a-spec", "--queue-size", "-3", "--policy", "gorgo");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("gorgo proxy: error: invalid configuration:")
        .contains("not-a-spec");
  }

  @Test
  void missingConfigFileIsAUsageError() {
    CliRun r = CliRun.of("proxy", "--config", dir.resolve("none.yaml").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("none.yaml");
  }
}
