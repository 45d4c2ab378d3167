package dev.gorgo.lambda.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote commands of {@link SetupPlan} run by a real {@code bash} in a scratch home directory,
 * with {@code sudo}, {@code docker}, {@code java}, {@code pgrep} and {@code pkill} replaced by
 * recording stubs: proves the quoting survives a real shell, not just string comparison.
 */
class SetupPlanShellTest {
  @TempDir Path home;
  private Path bin;
  private ClusterState state;

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs /bin/bash");
    bin = Files.createDirectories(home.resolve("stub-bin"));
    stub("sudo", "exec \"$@\"");
    // docker: records its arguments one per line; "inspect" prints what RUNNING holds.
    stub(
        "docker",
        "printf '%s\\n' \"$@\" > \"$HOME/docker.args\"\n"
            + "if [ \"$1\" = inspect ]; then cat \"$HOME/RUNNING\" 2>/dev/null || exit 1; fi");
    stub("java", "printf '%s\\n' \"$@\" > \"$HOME/java.args\"");
    stub("pkill", "exit 1");
    stub("pgrep", "[ -f \"$HOME/java.args\" ]");
    state =
        new ClusterState(
            ClusterSpec.defaults("demo", "gpu_1x_a10", 1),
            "/dev/null",
            List.of(new ClusterState.Node("i1", "demo-us-east-1", "us-east-1", "198.51.100.1", 22)),
            List.of());
  }

  private void stub(String name, String body) throws IOException {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/bash\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
  }

  private record Run(int status, String out) {}

  private Run bash(String command, byte[] stdin) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", command).directory(home.toFile());
    Map<String, String> env = pb.environment();
    env.put("HOME", home.toString());
    env.put("PATH", bin + ":/usr/bin:/bin");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin);
      }
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  private List<String> allCommands() {
    List<String> all = new ArrayList<>();
    for (SetupPlan.Step s :
        SetupPlan.full(state, state.nodes().get(0), new byte[] {1}, "hf_x", 10_000)) {
      if (s instanceof SetupPlan.Ensure e) {
        if (e.check() != null) {
          all.add(e.check());
        }
        all.add(e.action());
      } else if (s instanceof SetupPlan.Upload u) {
        all.add(u.checkCommand());
        all.add(u.writeCommand());
      }
    }
    return all;
  }

  @Test
  void everyCommandIsValidBash() throws Exception {
    for (String c : allCommands()) {
      Run r = bash("bash -n -c " + dev.gorgo.lambda.internal.Shell.quote(c), null);
      assertThat(r.status()).as(c + "\n" + r.out()).isZero();
    }
  }

  @Test
  void uploadWritesTheFileOwnerOnlyAndItsHashIsRecognised() throws Exception {
    Files.createDirectories(home.resolve("gorgo"));
    SetupPlan.Upload u =
        new SetupPlan.Upload("x", "gorgo/sglang.env", "HF_TOKEN=hf_x\n".getBytes(), "600", true);
    assertThat(bash(u.checkCommand(), null).status()).isNotZero();
    assertThat(bash(u.writeCommand(), u.content()).status()).isZero();
    Path f = home.resolve("gorgo/sglang.env");
    assertThat(Files.readString(f)).isEqualTo("HF_TOKEN=hf_x\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    assertThat(bash(u.checkCommand(), null).out()).startsWith(u.sha256());
  }

  @Test
  void theSglangCheckReadsTheContainerLabelThroughDockerInspect() throws Exception {
    SetupPlan.Ensure sglang = SetupPlan.sglang(state.spec());
    assertThat(bash(sglang.check(), null).status()).as("no container yet").isNotZero();

    assertThat(bash(sglang.action(), null).status()).isZero();
    List<String> runArgs = Files.readAllLines(home.resolve("docker.args"));
    assertThat(runArgs).startsWith("run", "-d", "--name", "gorgo-sglang");
    assertThat(runArgs).contains("--enable-metrics", "--env-file", home + "/gorgo/sglang.env");
    assertThat(runArgs).containsSubsequence("--model-path", "mistralai/Mistral-7B-Instruct-v0.3");
    assertThat(runArgs).contains(home + "/.cache/huggingface:/root/.cache/huggingface");
    String label = runArgs.get(runArgs.indexOf("--label") + 1).substring("gorgo.config=".length());

    Files.writeString(home.resolve("RUNNING"), "true " + label + "\n");
    assertThat(bash(sglang.check(), null).status()).as("running with this config").isZero();
    assertThat(Files.readAllLines(home.resolve("docker.args")))
        .containsExactly(
            "inspect",
            "-f",
            "{{.State.Running}} {{index .Config.Labels \"gorgo.config\"}}",
            "gorgo-sglang");

    Files.writeString(home.resolve("RUNNING"), "true 0000000000000000\n");
    assertThat(bash(sglang.check(), null).status()).as("running another config").isNotZero();
  }

  @Test
  void theProxyStartsWithItsConfigAndTheStampMakesTheCheckPass() throws Exception {
    Files.createDirectories(home.resolve("gorgo"));
    List<SetupPlan.Step> steps = SetupPlan.proxy(state, state.nodes().get(0), new byte[] {1, 2});
    SetupPlan.Ensure proxy = (SetupPlan.Ensure) steps.get(2);
    assertThat(bash(proxy.check(), null).status()).isNotZero();
    assertThat(bash(proxy.action(), null).status()).isZero();
    org.awaitility.Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> Files.exists(home.resolve("java.args")));
    assertThat(Files.readAllLines(home.resolve("java.args")))
        .containsExactly(
            "-jar", home + "/gorgo/gorgo.jar", "proxy", "--config", home + "/gorgo/proxy.json");
    assertThat(bash(proxy.check(), null).status()).isZero();
  }
}
