package dev.gorgo.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyMainTest {
  int run(List<String> args, ByteArrayOutputStream err) throws Exception {
    return ProxyMain.run(args, Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void invalidConfigurationExitsWith2AndOneLinePerProblem() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(List.of("--port", "99999", "--keyer", "words"), err)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("listen.port: must be 0..65535")
        .contains("keyer: must be blocks or chars");
  }

  @Test
  void unknownPolicyExitsWith2ListingTheKnownOnes() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(List.of("--port", "0", "--policy", "fastest"), err)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("policy.name: unknown routing policy 'fastest'")
        .contains("least-load");
  }

  @Test
  void helpExitsWith0() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(List.of("--help"), err)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
  }
}
