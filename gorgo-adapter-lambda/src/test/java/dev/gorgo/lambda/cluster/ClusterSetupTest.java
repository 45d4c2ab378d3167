package dev.gorgo.lambda.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import dev.gorgo.lambda.FakeTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster setup} and the SSH-side cluster commands against two in-process SSH servers on
 * loopback that record commands and uploaded files.
 */
class ClusterSetupTest {
  private static final ObjectMapper M = new ObjectMapper();

  @TempDir Path dir;
  private FakeNode east;
  private FakeNode tokyo;
  private ClusterStore store;
  private Path jar;
  private final List<String> out = Collections.synchronizedList(new ArrayList<>());

  @TempDir static Path keys;
  private static String blob;

  /** Keys are generated once (ECDSA: fast to make and to sign with). */
  @BeforeAll
  static void makeKeys() throws Exception {
    KeyPair kp = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
    kp.writePrivateKey(keys.resolve("client.pem").toString());
    blob = FakeNode.blob(kp.getPublicKeyBlob());
    kp.dispose();
  }

  @BeforeEach
  void setUp() throws Exception {
    store = new ClusterStore(dir.resolve("config"));
    Path key = store.keyFile("gorgo-demo");
    Files.createDirectories(key.getParent());
    Files.copy(keys.resolve("client.pem"), key);
    east = new FakeNode(keys.resolve("east-host.key"), blob);
    tokyo = new FakeNode(keys.resolve("tokyo-host.key"), blob);
    ClusterSpec spec = ClusterSpec.defaults("demo", "gpu_1x_a10", 2);
    store.save(
        new ClusterState(
            spec,
            key.toString(),
            List.of(
                new ClusterState.Node(
                    "i-east", "demo-us-east-1", "us-east-1", "127.0.0.1", east.port()),
                new ClusterState.Node(
                    "i-tokyo",
                    "demo-asia-northeast-1",
                    "asia-northeast-1",
                    "127.0.0.1",
                    tokyo.port())),
            List.of()));
    jar = Files.write(dir.resolve("gorgo.jar"), "PK\u0003\u0004 pretend jar".getBytes());
  }

  @AfterEach
  void tearDown() throws Exception {
    east.close();
    tokyo.close();
  }

  private ClusterManager manager(boolean dryRun, String hfToken) {
    return new ClusterManager(
        null,
        store,
        new ClusterManager.Options(
            dryRun,
            out::add,
            new FakeTime(),
            Duration.ofSeconds(10),
            Duration.ofMinutes(20),
            Duration.ofMinutes(30),
            hfToken));
  }

  /** The first word (or the recognisable start) of each command, to compare sequences. */
  private static List<String> shape(List<String> commands) {
    return commands.stream()
        .map(
            c -> {
              if (c.startsWith("for i in"))
                return "wait " + c.replaceAll(".*(http://\\S+).*", "$1");
              if (c.startsWith("umask 077 && cat > "))
                return "upload " + c.replaceAll(".* (\\S+)$", "$1");
              if (c.startsWith("[ \"$(sudo docker inspect")) return "check sglang";
              if (c.startsWith("sudo docker rm -f")) return "run sglang";
              if (c.startsWith("pgrep")) return "check proxy";
              if (c.startsWith("pkill")) return "start proxy";
              if (c.startsWith("sha256sum")) return "hash " + c.split(" ")[1];
              if (c.startsWith("sudo apt-get")) return "install java";
              return c;
            })
        .toList();
  }

  @Test
  void setupRunsTheExpectedCommandsInOrderOnEveryNode() throws Exception {
    List<ClusterManager.NodeReport> reports = manager(false, null).setup("demo", jar);

    List<String> expected =
        List.of(
            "mkdir -p gorgo && chmod 700 gorgo",
            "sudo docker info >/dev/null 2>&1",
            "sudo systemctl start docker && sudo docker info >/dev/null",
            "hash gorgo/sglang.env",
            "upload gorgo/sglang.env",
            "check sglang",
            "run sglang",
            "wait http://127.0.0.1:8080/v1/models",
            "command -v java >/dev/null 2>&1",
            "install java",
            "hash gorgo/gorgo.jar",
            "upload gorgo/gorgo.jar",
            "hash gorgo/proxy.json",
            "upload gorgo/proxy.json",
            "check proxy",
            "start proxy",
            "wait http://127.0.0.1:8000/health");
    List<String> eastCmds = east.drain();
    assertThat(shape(eastCmds)).containsExactlyElementsOf(expected);
    assertThat(shape(tokyo.drain())).containsExactlyElementsOf(expected);

    String run =
        eastCmds.stream().filter(c -> c.startsWith("sudo docker rm -f")).findFirst().orElseThrow();
    assertThat(run)
        .contains("--gpus all")
        .contains("-p 8080:8080")
        .contains("lmsysorg/sglang:latest python3 -m sglang.launch_server")
        .contains("--model-path mistralai/Mistral-7B-Instruct-v0.3")
        .contains("--enable-metrics")
        .contains("--max-running-requests 10")
        .contains("--host 0.0.0.0 --port 8080");
    assertThat(east.files.get("gorgo/gorgo.jar")).isEqualTo(Files.readAllBytes(jar));
    assertThat(east.file("gorgo/sglang.env")).isEmpty();

    JsonNode config = M.readTree(east.file("gorgo/proxy.json"));
    assertThat(config.at("/policy/name").asText()).isEqualTo("gorgo");
    assertThat(config.at("/listen/port").asInt()).isEqualTo(8000);
    assertThat(config.at("/mode").asText()).isEqualTo("centralized");
    assertThat(config.at("/backends/0/maxRunning").asInt()).isEqualTo(10);
    assertThat(config.get("backends")).hasSize(2);
    assertThat(config.at("/backends/0/id").asText()).isEqualTo("demo-us-east-1");
    assertThat(config.at("/backends/0/url").asText()).isEqualTo("http://127.0.0.1:8080");
    assertThat(config.at("/backends/1/region").asText()).isEqualTo("asia-northeast-1");

    assertThat(reports).hasSize(2);
    assertThat(reports.get(0).unchanged()).isEmpty();
    assertThat(reports.get(0).changed()).contains("sglang", "java", "proxy-jar", "proxy");
  }

  /**
   * Nodes are set up in parallel and share one known-hosts file: creating it raced
   * (FileAlreadyExistsException), and concurrent rewrites could drop a node's recorded key.
   */
  @Test
  void regressionParallelSetupRecordsEveryNodesHostKey() throws Exception {
    manager(false, null).setup("demo", jar);

    Path knownHosts = dir.resolve("config").resolve("known_hosts").resolve("demo");
    assertThat(Files.readString(knownHosts))
        .contains("[127.0.0.1]:" + east.port() + " ")
        .contains("[127.0.0.1]:" + tokyo.port() + " ");
  }

  @Test
  void setupTwiceChangesNothingTheSecondTime() throws Exception {
    ClusterManager m = manager(false, null);
    m.setup("demo", jar);
    east.drain();
    tokyo.drain();

    List<ClusterManager.NodeReport> second = m.setup("demo", jar);
    for (FakeNode node : List.of(east, tokyo)) {
      List<String> cmds = shape(node.drain());
      assertThat(cmds)
          .containsExactly(
              "mkdir -p gorgo && chmod 700 gorgo",
              "sudo docker info >/dev/null 2>&1",
              "hash gorgo/sglang.env",
              "check sglang",
              "wait http://127.0.0.1:8080/v1/models",
              "command -v java >/dev/null 2>&1",
              "hash gorgo/gorgo.jar",
              "hash gorgo/proxy.json",
              "check proxy",
              "wait http://127.0.0.1:8000/health");
    }
    assertThat(second)
        .allSatisfy(
            r ->
                assertThat(r.unchanged())
                    .containsExactly(
                        "docker",
                        "sglang-env",
                        "sglang",
                        "java",
                        "proxy-jar",
                        "proxy-config",
                        "proxy"));
  }

  @Test
  void changingTheModelRecreatesOnlyTheContainer() throws Exception {
    manager(false, null).setup("demo", jar);
    ClusterState s = store.load("demo").orElseThrow();
    store.save(
        s.withSpec(
            s.spec().withSglang("Qwen/Qwen2.5-7B-Instruct", 10, 1, "lmsysorg/sglang:latest")));
    east.drain();
    List<ClusterManager.NodeReport> r = manager(false, null).setup("demo", jar);
    assertThat(r.get(0).changed())
        .containsExactly("workdir", "sglang", "sglang-ready", "proxy-ready");
    assertThat(east.drain())
        .anySatisfy(c -> assertThat(c).contains("--model-path Qwen/Qwen2.5-7B-Instruct"));
  }

  @Test
  void changingMaxRunningRequestsAlsoRestartsTheProxyWithTheNewCapacityGate() throws Exception {
    manager(false, null).setup("demo", jar);
    ClusterState s = store.load("demo").orElseThrow();
    store.save(s.withSpec(s.spec().withSglang(s.spec().model(), 16, 1, s.spec().sglangImage())));
    east.drain();
    List<ClusterManager.NodeReport> r = manager(false, null).setup("demo", jar);
    assertThat(r.get(0).changed())
        .containsExactly(
            "workdir", "sglang", "sglang-ready", "proxy-config", "proxy", "proxy-ready");
    assertThat(east.drain()).anySatisfy(c -> assertThat(c).contains("--max-running-requests 16"));
    assertThat(M.readTree(east.file("gorgo/proxy.json")).at("/backends/1/maxRunning").asInt())
        .isEqualTo(16);
  }

  @Test
  void restartProxyWithAnotherPolicyRewritesTheConfigAndRestartsOnlyTheProxy() throws Exception {
    manager(false, null).setup("demo", jar);
    east.drain();
    List<ClusterManager.NodeReport> r =
        manager(false, null).restartProxy("demo", "least-load", jar);
    assertThat(shape(east.drain()))
        .containsExactly(
            "hash gorgo/gorgo.jar",
            "hash gorgo/proxy.json",
            "upload gorgo/proxy.json",
            "check proxy",
            "start proxy",
            "wait http://127.0.0.1:8000/health");
    assertThat(M.readTree(east.file("gorgo/proxy.json")).at("/policy/name").asText())
        .isEqualTo("least-load");
    assertThat(r.get(0).unchanged()).containsExactly("proxy-jar");
    assertThat(store.load("demo").orElseThrow().spec().policy()).isEqualTo("least-load");
  }

  @Test
  void aFailingRemoteCommandIsReportedWithNodeStepStatusAndStderr() {
    tokyo.failOn(
        c -> c.startsWith("sudo docker rm -f"),
        125,
        "Unable to find image locally\ndocker: Error response from daemon: could not select device"
            + " driver \"\" with capabilities: [[gpu]].");
    assertThatThrownBy(() -> manager(false, null).setup("demo", jar))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "demo-asia-northeast-1: step 'sglang' failed with exit status 125: Unable to find image"
                + " locally | docker: Error response from daemon: could not select device driver"
                + " \"\" with capabilities: [[gpu]].");
    List<String> cmds = shape(tokyo.drain());
    assertThat(cmds).endsWith("check sglang", "run sglang");
    assertThat(cmds).doesNotContain("install java");
    // The healthy node still completed.
    assertThat(shape(east.drain())).contains("start proxy");
  }

  @Test
  void theHuggingFaceTokenIsUploadedOwnerOnlyAndNeverPrinted() throws Exception {
    manager(false, "hf_S3cretToken").setup("demo", jar);
    assertThat(east.file("gorgo/sglang.env"))
        .isEqualTo("HF_TOKEN=hf_S3cretToken\nHUGGING_FACE_HUB_TOKEN=hf_S3cretToken\n");
    List<String> cmds = east.drain();
    assertThat(cmds).noneMatch(c -> c.contains("hf_S3cretToken"));
    assertThat(cmds).anyMatch(c -> c.contains("chmod 600 gorgo/sglang.env.part"));
    assertThat(out).noneMatch(l -> l.contains("hf_S3cretToken"));
    out.clear();
    manager(true, "hf_S3cretToken").setup("demo", jar);
    assertThat(out).isNotEmpty().noneMatch(l -> l.contains("hf_S3cretToken"));
  }

  @Test
  void dryRunPrintsEveryRemoteCommandAndRunsNone() throws Exception {
    manager(true, null).setup("demo", jar);
    assertThat(east.drain()).isEmpty();
    assertThat(tokyo.drain()).isEmpty();
    assertThat(out).allMatch(l -> l.startsWith("[dry-run] "));
    assertThat(out)
        .anyMatch(
            l -> l.contains("--enable-metrics") && l.contains("ubuntu@127.0.0.1:" + east.port()));
    assertThat(out)
        .anyMatch(l -> l.startsWith("[dry-run] upload ") && l.contains(":gorgo/gorgo.jar"));
    assertThat(out.stream().filter(l -> l.contains("sglang.launch_server"))).hasSize(2);
  }

  @Test
  void flushCacheAndTracesGoThroughTheNodesLoopback() throws Exception {
    for (FakeNode n : List.of(east, tokyo)) {
      n.canned.put("/flush_cache", "sglang=200 proxy=200\n");
      n.canned.put("/proxy/trace/start", "{\"status\":\"started\"}");
      n.canned.put(
          "/proxy/trace/stop",
          "[{\"name\":\"request\",\"ph\":\"B\",\"ts\":0,\"pid\":1,\"tid\":2}]");
    }
    ClusterManager m = manager(false, null);
    assertThat(m.flushCache("demo"))
        .containsExactly(
            "demo-us-east-1: sglang=200 proxy=200", "demo-asia-northeast-1: sglang=200 proxy=200");
    assertThat(east.drain())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c)
                    .contains("-X POST http://127.0.0.1:8080/flush_cache")
                    .contains("http://127.0.0.1:8000/proxy/cache/clear"));
    m.traceStart("demo");
    assertThat(east.drain())
        .containsExactly("curl -sf --max-time 120 -X POST http://127.0.0.1:8000/proxy/trace/start");
    List<Path> files = m.traceStop("demo", dir.resolve("traces"));
    assertThat(files).hasSize(2);
    assertThat(files.get(0).getFileName().toString()).isEqualTo("demo-us-east-1_trace.json");
    assertThat(files.get(0).getParent().getFileName().toString()).matches("traces_\\d{8}_\\d{6}");
    assertThat(M.readTree(files.get(1).toFile()).get(0).get("name").asText()).isEqualTo("request");
  }

  @Test
  void statusProbesBothServicesOverSsh() throws Exception {
    east.canned.put("/v1/models", "200 200\n");
    tokyo.canned.put("/v1/models", "000 200\n");
    List<NodeStatus> s = manager(false, null).status("demo");
    assertThat(s).extracting(NodeStatus::sglang).containsExactly("200", "down");
    assertThat(s).extracting(NodeStatus::proxy).containsExactly("200", "200");
    assertThat(s).extracting(NodeStatus::instanceStatus).containsOnly("unknown");
  }

  @Test
  void aMissingClusterIsAClearError() {
    assertThatThrownBy(() -> manager(false, null).setup("nope", jar))
        .isInstanceOf(ClusterException.class)
        .hasMessageStartingWith("no cluster 'nope' (no state at ");
  }
}
