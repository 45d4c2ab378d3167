package dev.gorgo.cli.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorgo.lambda.cluster.ClusterManager;
import dev.gorgo.lambda.cluster.ClusterSpec;
import dev.gorgo.lambda.cluster.ClusterState;
import dev.gorgo.lambda.cluster.ClusterStore;
import dev.gorgo.proxy.config.ConfigLoader;
import dev.gorgo.proxy.config.ProxyConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gorgo lambda ...} and {@code gorgo cluster ...} end to end against MockWebServer. */
class LambdaCommandsTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final String KEY = "secret_cli-test_00112233445566778899aabbccddeeff";

  @TempDir Path dir;
  private MockWebServer server;
  private Path keyFile;
  private String stdout;
  private String stderr;

  @BeforeEach
  void setUp() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    keyFile = Files.writeString(dir.resolve("lambda.key"), KEY + "\n");
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private int run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    stdout = out.toString();
    stderr = err.toString();
    assertThat(stdout + stderr).doesNotContain(KEY);
    return code;
  }

  private List<String> api(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--api-url", server.url("/").toString(), "--api-key-file", keyFile.toString()));
    return all;
  }

  private int lambda(String... args) {
    return run(new LambdaCommand(), api(args).toArray(String[]::new));
  }

  private static MockResponse ok(String data) {
    return new MockResponse.Builder().code(200).body("{\"data\":" + data + "}").build();
  }

  private static final String A10 =
      "{\"gpu_1x_a10\":{\"instance_type\":{\"name\":\"gpu_1x_a10\",\"description\":\"1x A10 (24 GB"
          + " PCIe)\",\"gpu_description\":\"A10 (24 GB PCIe)\",\"price_cents_per_hour\":75,"
          + "\"specs\":{\"vcpus\":30,\"memory_gib\":200,\"storage_gib\":1400,\"gpus\":1}},"
          + "\"regions_with_capacity_available\":[{\"name\":\"us-east-1\",\"description\":\"Washington"
          + " DC, USA\"},{\"name\":\"europe-central-1\",\"description\":\"Germany\"}]},"
          + "\"gpu_8x_h100_sxm5\":{\"instance_type\":{\"name\":\"gpu_8x_h100_sxm5\",\"description\":\"8x"
          + " H100\",\"gpu_description\":\"H100 (80 GB SXM5)\",\"price_cents_per_hour\":2392,"
          + "\"specs\":{\"vcpus\":208,\"memory_gib\":1800,\"storage_gib\":24780,\"gpus\":8}},"
          + "\"regions_with_capacity_available\":[]}}";

  private static final String INSTANCE =
      "{\"id\":\"0920582c7ff041399e34823a0be62549\",\"name\":\"test\",\"ip\":\"198.51.100.2\","
          + "\"status\":\"active\",\"ssh_key_names\":[\"k\"],\"file_system_names\":[],"
          + "\"region\":{\"name\":\"us-east-1\",\"description\":\"Washington DC, USA\"},"
          + "\"instance_type\":{\"name\":\"gpu_1x_a10\",\"description\":\"1x A10\",\"gpu_description\":\"A10\","
          + "\"price_cents_per_hour\":75,\"specs\":{\"vcpus\":30,\"memory_gib\":200,\"storage_gib\":1400,\"gpus\":1}},"
          + "\"actions\":{\"migrate\":{\"available\":false},\"rebuild\":{\"available\":false},"
          + "\"restart\":{\"available\":true},\"cold_reboot\":{\"available\":true},\"terminate\":{\"available\":true}}}";

  @Test
  void availableShowsOnlyTypesWithCapacityAsATable() throws Exception {
    server.enqueue(ok(A10));
    assertThat(lambda("available")).isZero();
    assertThat(stdout.lines().toList())
        .containsExactly(
            "TYPE        GPUS  GPU               PRICE/H  REGIONS WITH CAPACITY",
            "gpu_1x_a10  1     A10 (24 GB PCIe)  $0.75    us-east-1,europe-central-1");
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void listAsJsonIsMachineReadable() throws Exception {
    server.enqueue(ok("[" + INSTANCE + "]"));
    assertThat(lambda("list", "--json")).isZero();
    JsonNode list = M.readTree(stdout);
    assertThat(list.get(0).get("id").asText()).isEqualTo("0920582c7ff041399e34823a0be62549");
    assertThat(list.get(0).get("status").asText()).isEqualTo("active");
  }

  @Test
  void insufficientCapacityIsOneLineAndExitCode4() {
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .body(
                "{\"error\":{\"code\":\"instance-operations/launch/insufficient-capacity\","
                    + "\"message\":\"Not enough capacity to fulfill launch request.\"}}")
            .build());
    int code = lambda("launch", "--type", "gpu_1x_a10", "--region", "us-east-1", "--ssh-key", "k");
    assertThat(code).isEqualTo(CliSupport.CAPACITY);
    assertThat(stderr)
        .isEqualTo(
            "error: instance-operations/launch/insufficient-capacity: Not enough capacity to fulfill"
                + " launch request.\n");
  }

  @Test
  void aMissingInstanceExitsWith5() {
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .body(
                "{\"error\":{\"code\":\"global/object-does-not-exist\",\"message\":\"Specified instance does not exist.\"}}")
            .build());
    assertThat(lambda("get", "nope")).isEqualTo(CliSupport.NOT_FOUND);
    assertThat(stderr.lines()).hasSize(1);
  }

  @Test
  void aRejectedKeyExitsWith3() {
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .body(
                "{\"error\":{\"code\":\"global/invalid-api-key\",\"message\":\"API key was invalid, expired, or deleted.\",\"suggestion\":\"Check your API key or create a new one, then try again.\"}}")
            .build());
    assertThat(lambda("images")).isEqualTo(CliSupport.AUTH);
    assertThat(stderr).startsWith("error: global/invalid-api-key: ");
  }

  @Test
  void noKeyAtAllExitsWith3BeforeAnyRequest() {
    assumeTrue(
        System.getenv("LAMBDA_API_KEY") == null && System.getenv("LAMBDA_API_KEY_FILE") == null,
        "a Lambda API key is set in this environment");
    int code = run(new LambdaCommand(), "list", "--api-url", server.url("/").toString());
    assertThat(code).isEqualTo(CliSupport.AUTH);
    assertThat(stderr).startsWith("error: no API key: set LAMBDA_API_KEY or pass --api-key-file");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void badOptionsAreUsageErrorsEvenWithoutAKey() {
    String url = server.url("/").toString();
    assertThat(run(new LambdaCommand(), "terminate", "abc", "--api-url", url))
        .isEqualTo(CliSupport.USAGE);
    assertThat(run(new LambdaCommand(), "firewall", "allow", "--port", "eighty", "--api-url", url))
        .isEqualTo(CliSupport.USAGE);
    assertThat(stderr).startsWith("error: --port must be a number");
    assertThat(run(new LambdaCommand(), "ssh-keys", "add", "k", "--api-url", url))
        .isEqualTo(CliSupport.USAGE);
    assertThat(stderr).contains("exactly one of --public-key-file or --generate");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aBareGroupPrintsItsUsage() {
    assertThat(run(new LambdaCommand(), "firewall")).isEqualTo(CliSupport.USAGE);
    assertThat(stdout).contains("allow").contains("revoke");
    assertThat(run(new ClusterCommand(), "trace")).isEqualTo(CliSupport.USAGE);
    assertThat(stdout).contains("start").contains("stop");
  }

  @Test
  void terminateNeedsYes() throws Exception {
    assertThat(lambda("terminate", "0920582c7ff041399e34823a0be62549")).isEqualTo(CliSupport.USAGE);
    assertThat(stderr).contains("add --yes to confirm");
    assertThat(server.getRequestCount()).isZero();
    server.enqueue(ok("{\"terminated_instances\":[" + INSTANCE + "]}"));
    assertThat(lambda("terminate", "0920582c7ff041399e34823a0be62549", "--yes")).isZero();
    assertThat(stdout).isEqualTo("terminating 0920582c7ff041399e34823a0be62549\n");
  }

  @Test
  void generatedSshKeyIsSavedOwnerOnly() throws Exception {
    server.enqueue(
        ok(
            "{\"id\":\"k1\",\"name\":\"gorgo-demo\",\"public_key\":\"ssh-ed25519 AAAA gorgo\","
                + "\"private_key\":\"-----BEGIN OPENSSH PRIVATE KEY-----\\nabc\\n-----END OPENSSH PRIVATE KEY-----\\n\"}"));
    Path pem = dir.resolve("keys/gorgo-demo.pem");
    assertThat(lambda("ssh-keys", "add", "gorgo-demo", "--generate", pem.toString())).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pem)))
        .isEqualTo("rw-------");
    assertThat(stdout).doesNotContain("PRIVATE KEY");
    assertThat(M.readTree(server.takeRequest().getBody().utf8()))
        .isEqualTo(M.readTree("{\"name\":\"gorgo-demo\"}"));
  }

  @Test
  void firewallAllowAppendsToTheGlobalRulesetOnce() throws Exception {
    String global =
        "{\"id\":\"global\",\"name\":\"Global Firewall Rules\",\"rules\":[{\"protocol\":\"tcp\","
            + "\"port_range\":[22,22],\"source_network\":\"0.0.0.0/0\",\"description\":\"SSH\"}]}";
    server.enqueue(ok(global));
    server.enqueue(ok(global));
    assertThat(
            lambda(
                "firewall",
                "allow",
                "--port",
                "8000",
                "--source",
                "203.0.113.0/24",
                "--description",
                "proxy"))
        .isZero();
    server.takeRequest();
    RecordedRequest patch = server.takeRequest();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(M.readTree(patch.getBody().utf8()).get("rules").get(1))
        .isEqualTo(
            M.readTree(
                "{\"protocol\":\"tcp\",\"port_range\":[8000,8000],\"source_network\":\"203.0.113.0/24\",\"description\":\"proxy\"}"));

    server.enqueue(ok(global));
    assertThat(lambda("firewall", "allow", "--port", "22")).isZero();
    assertThat(stdout).isEqualTo("already allowed\n");
    assertThat(lambda("firewall", "allow", "--port", "eighty")).isEqualTo(CliSupport.USAGE);
  }

  @Test
  void clusterUpDryRunReadsButChangesNothing() throws Exception {
    server.enqueue(ok("[]"));
    server.enqueue(ok(A10));
    server.enqueue(ok("{\"id\":\"global\",\"name\":\"Global Firewall Rules\",\"rules\":[]}"));
    List<String> args =
        api(
            "up",
            "--type",
            "gpu_1x_a10",
            "--regions",
            "2",
            "--dry-run",
            "--config-dir",
            dir.resolve("cfg").toString());
    assertThat(run(new ClusterCommand(), args.toArray(String[]::new))).isZero();
    assertThat(stdout)
        .contains("[dry-run] api POST /api/v1/ssh-keys {\"name\":\"gorgo-gorgo\"}")
        .contains(
            "[dry-run] api POST /api/v1/instance-operations/launch {\"region_name\":\"us-east-1\"")
        .contains("{\"region_name\":\"europe-central-1\"")
        .contains("[dry-run] api PATCH /api/v1/firewall-rulesets/global");
    for (int i = 0; i < 3; i++) {
      assertThat(server.takeRequest(5, TimeUnit.SECONDS).getMethod()).isEqualTo("GET");
    }
    assertThat(Files.exists(dir.resolve("cfg/clusters/gorgo.json"))).isFalse();
  }

  private ClusterState writeState(ClusterStore store) throws Exception {
    ClusterState s =
        new ClusterState(
            ClusterSpec.defaults("demo", "gpu_1x_a10", 2),
            store.keyFile("gorgo-demo").toString(),
            List.of(
                new ClusterState.Node("i1", "demo-us-east-1", "us-east-1", "198.51.100.10", 22),
                new ClusterState.Node(
                    "i2", "demo-europe-central-1", "europe-central-1", "198.51.100.20", 22)),
            List.of());
    store.save(s);
    return s;
  }

  @Test
  void clusterSetupDryRunPrintsTheRemoteCommandsOfEveryNode() throws Exception {
    ClusterStore store = new ClusterStore(dir.resolve("cfg"));
    writeState(store);
    Path jar = Files.writeString(dir.resolve("gorgo.jar"), "jar");
    int code =
        run(
            new ClusterCommand(),
            "setup",
            "--name",
            "demo",
            "--dry-run",
            "--jar",
            jar.toString(),
            "--config-dir",
            store.root().toString(),
            "--api-url",
            server.url("/").toString());
    assertThat(code).isZero();
    assertThat(stdout)
        .contains("[dry-run] ssh ubuntu@198.51.100.10 ")
        .contains("[dry-run] ssh ubuntu@198.51.100.20 ");
    assertThat(stdout).contains("--enable-metrics").contains("--max-running-requests 10");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void clusterCommandsOnAnUnknownClusterExitWith5() {
    int code =
        run(
            new ClusterCommand(),
            "flush-cache",
            "--name",
            "nothing",
            "--config-dir",
            dir.toString());
    assertThat(code).isEqualTo(CliSupport.NOT_FOUND);
    assertThat(stderr).startsWith("error: no cluster 'nothing'");
    assertThat(
            run(new ClusterCommand(), "down", "--name", "nothing", "--config-dir", dir.toString()))
        .isEqualTo(CliSupport.USAGE);
  }

  @Test
  void theProxyConfigWrittenBySetupIsAcceptedByTheProxy() throws Exception {
    ClusterState s = writeState(new ClusterStore(dir.resolve("cfg")));
    Path f =
        Files.writeString(
            dir.resolve("proxy.json"), ClusterManager.proxyConfig(s, s.nodes().get(0)));
    ProxyConfig c = ConfigLoader.load(List.of("--config", f.toString()), Map.of());
    assertThat(c.policy().name()).isEqualTo("gorgo");
    assertThat(c.listen().port()).isEqualTo(8000);
    assertThat(c.mode()).isEqualTo(ProxyConfig.Mode.CENTRALIZED);
    assertThat(c.backends())
        .extracting(ProxyConfig.Backend::url)
        .extracting(Object::toString)
        .containsExactly("http://127.0.0.1:8080", "http://198.51.100.20:8080");
    assertThat(c.backends()).extracting(ProxyConfig.Backend::maxRunning).containsOnly(10);
  }

  @Test
  void helpShowsExamplesAndExitCodes() {
    assertThat(run(new LambdaCommand(), "--help")).isZero();
    assertThat(stdout)
        .contains("Examples:")
        .contains("gorgo lambda available")
        .contains("Exit codes:");
    assertThat(run(new ClusterCommand(), "--help")).isZero();
    assertThat(stdout).contains("gorgo cluster up --type gpu_1x_a10 --regions 3 --dry-run");
  }
}
