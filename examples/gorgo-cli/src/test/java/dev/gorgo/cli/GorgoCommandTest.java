package dev.gorgo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class GorgoCommandTest {

  /** Runs the command line capturing both streams. */
  static Run run(String... args) {
    CommandLine cl = GorgoCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  record Run(int code, String out, String err) {}

  @Test
  void helpListsCommandsExamplesAndExitCodes() {
    Run r = run("--help");
    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains(
            "demo",
            "proxy",
            "emulate",
            "bench",
            "simulate",
            "completion",
            "Examples:",
            "Exit codes:",
            "130");
  }

  @Test
  void versionNamesTheProjectVersion() {
    Run r = run("--version");
    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).startsWith("gorgo ").doesNotContain("unknown");
  }

  @Test
  void noCommandIsAUsageErrorAndShowsUsage() {
    Run r = run();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Commands:");
  }

  @Test
  void unknownCommandIsOneLineUsageError() {
    Run r = run("frobnicate");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("frobnicate", "gorgo --help");
  }

  @Test
  void badOptionValueIsOneLineUsageError() {
    Run r = run("bench", "--target", "http://127.0.0.1:1", "--profile", "bursty");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("bursty", "poisson", "gorgo bench --help");
  }

  @Test
  void badValueFoundWhileRunningIsOneLineUsageError() {
    Run r = run("bench", "--target", "ftp://host/x");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).startsWith("gorgo bench: error: --target must be an http(s) URL");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "demo",
        "proxy",
        "emulate",
        "bench",
        "simulate",
        "lambda",
        "cluster",
        "completion"
      })
  void everyCommandHasHelpWithExamples(String command) {
    Run r = run(command, "--help");
    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("Usage: gorgo " + command, "Examples:");
  }

  @Test
  void completionPrintsABashScriptCoveringSubcommandsAndOptions() {
    Run r = run("completion");
    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("complete -F", "bench", "--max-seconds", "poisson");
  }

  @Test
  void oneLineJoinsMultiLineMessagesAndNamesSilentExceptions() {
    assertThat(GorgoCommand.oneLine(new IllegalStateException("a\n  b"))).isEqualTo("a b");
    assertThat(GorgoCommand.oneLine(new NullPointerException())).isEqualTo("NullPointerException");
  }
}
