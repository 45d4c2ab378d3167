package dev.gorgo.lambda.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gorgo.lambda.FakeTime;
import dev.gorgo.lambda.Fixtures;
import dev.gorgo.lambda.LambdaClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster up} and {@code down} against a stateful stand-in of the API. */
class ClusterUpTest {
  @TempDir Path dir;
  private MockWebServer server;
  private FakeLambdaApi api;
  private LambdaClient client;
  private FakeTime time;
  private ClusterStore store;
  private final List<String> out = new ArrayList<>();

  @BeforeEach
  void setUp() {
    server = Fixtures.server();
    api = new FakeLambdaApi();
    server.setDispatcher(api);
    time = new FakeTime();
    client = Fixtures.client(server, time);
    store = new ClusterStore(dir.resolve("gorgo"));
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private ClusterManager manager(boolean dryRun) {
    return new ClusterManager(
        client,
        store,
        new ClusterManager.Options(
            dryRun,
            out::add,
            time,
            Duration.ofSeconds(10),
            Duration.ofMinutes(20),
            Duration.ofMinutes(30),
            null));
  }

  @Test
  void upLaunchesOneNodePerRegionSkippingSoldOutRegionsAndOpensTheFirewall() throws Exception {
    api.soldOut.add("europe-central-1");
    ClusterState s = manager(false).up(ClusterSpec.defaults("demo", "gpu_1x_a10", 2));

    assertThat(s.nodes())
        .extracting(ClusterState.Node::region)
        .containsExactly("us-east-1", "asia-northeast-1");
    assertThat(s.nodes())
        .extracting(ClusterState.Node::name)
        .containsExactly("demo-us-east-1", "demo-asia-northeast-1");
    assertThat(s.nodes())
        .extracting(ClusterState.Node::ip)
        .containsExactly("203.0.113.1", "203.0.113.2");
    assertThat(api.calls)
        .containsSubsequence(
            "GET /ssh-keys",
            "POST /ssh-keys",
            "GET /instance-types",
            "POST /instance-operations/launch",
            "POST /instance-operations/launch",
            "POST /instance-operations/launch",
            "GET /instances/inst1",
            "GET /instances/inst1",
            "GET /firewall-rulesets/global",
            "PATCH /firewall-rulesets/global");

    // SSH (22 from anywhere) was already open; the proxy port from the client CIDR and the SGLang
    // port from each node only were added.
    List<JsonNode> rules = api.rules();
    assertThat(rules).hasSize(5);
    assertThat(rules.subList(2, 5))
        .extracting(
            r -> r.get("port_range").get(0).asInt() + " " + r.get("source_network").asText())
        .containsExactly("8000 0.0.0.0/0", "8080 203.0.113.1/32", "8080 203.0.113.2/32");
    assertThat(s.firewallRules()).hasSize(3);

    Path key = store.keyFile("gorgo-demo");
    assertThat(Path.of(s.privateKeyPath())).isEqualTo(key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(store.stateFile("demo"))))
        .isEqualTo("rw-------");
    assertThat(store.load("demo")).contains(s);
    // Launches were paced 12 s apart on the virtual clock, polls every 10 s.
    assertThat(time.sleepsMillis()).contains(10_000L);
  }

  @Test
  void upTwiceLaunchesNothingMore() throws Exception {
    ClusterSpec spec = ClusterSpec.defaults("demo", "gpu_1x_a10", 2);
    manager(false).up(spec);
    api.calls.clear();
    manager(false).up(spec);
    assertThat(api.calls)
        .doesNotContain(
            "POST /instance-operations/launch",
            "PATCH /firewall-rulesets/global",
            "POST /ssh-keys");
    assertThat(api.instances).hasSize(2);
  }

  @Test
  void notEnoughCapacityIsAClearErrorAndKeepsWhatWasLaunched() throws Exception {
    api.soldOut.add("europe-central-1");
    api.soldOut.add("asia-northeast-1");
    assertThatThrownBy(() -> manager(false).up(ClusterSpec.defaults("demo", "gpu_1x_a10", 3)))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "not enough capacity: 2 more region(s) needed for gpu_1x_a10; regions with capacity now:"
                + " us-east-1, europe-central-1, asia-northeast-1");
    assertThat(store.load("demo").orElseThrow().nodes()).hasSize(1);
  }

  @Test
  void anUnknownInstanceTypeIsRejected() {
    assertThatThrownBy(() -> manager(false).up(ClusterSpec.defaults("demo", "gpu_9x_nope", 1)))
        .isInstanceOf(ClusterException.class)
        .hasMessage("unknown instance type 'gpu_9x_nope'");
  }

  @Test
  void preferredRegionsAreTriedFirst() throws Exception {
    ClusterSpec spec =
        ClusterSpec.defaults("demo", "gpu_1x_a10", 1)
            .withPlacement(
                List.of("us-west-1", "asia-northeast-1"), "gorgo-demo", "198.51.100.0/24");
    ClusterState s = manager(false).up(spec);
    assertThat(s.nodes()).extracting(ClusterState.Node::region).containsExactly("asia-northeast-1");
    assertThat(api.rules())
        .anySatisfy(r -> assertThat(r.get("source_network").asText()).isEqualTo("198.51.100.0/24"));
  }

  @Test
  void downTerminatesRemovesOnlyOurRulesAndForgetsTheCluster() throws Exception {
    manager(false).up(ClusterSpec.defaults("demo", "gpu_1x_a10", 2));
    manager(false).down("demo");
    assertThat(api.instances).isEmpty();
    assertThat(api.rules()).hasSize(2);
    assertThat(api.rules().get(0).get("description").asText()).isEqualTo("Allow SSH from anywhere");
    assertThat(store.load("demo")).isEmpty();
  }

  @Test
  void dryRunPrintsMutatingCallsAndSendsNone() throws Exception {
    manager(true).up(ClusterSpec.defaults("demo", "gpu_1x_a10", 2));
    assertThat(api.calls).allMatch(c -> c.startsWith("GET "));
    assertThat(out)
        .anyMatch(l -> l.startsWith("[dry-run] api POST /api/v1/ssh-keys"))
        .anyMatch(
            l ->
                l.startsWith(
                    "[dry-run] api POST /api/v1/instance-operations/launch {\"region_name\":\"us-east-1\""))
        .anyMatch(l -> l.startsWith("[dry-run] api PATCH /api/v1/firewall-rulesets/global"));
    assertThat(store.load("demo")).isEmpty();
  }

  @Test
  void statusCombinesApiStatusWithProbes() throws Exception {
    api.soldOut.add("europe-central-1");
    ClusterState up = manager(false).up(ClusterSpec.defaults("demo", "gpu_1x_a10", 1));
    // Point the node at a closed loopback port: tests never contact a non-loopback address.
    int closed;
    try (java.net.ServerSocket ss =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = ss.getLocalPort();
    }
    ClusterState.Node n0 = up.nodes().get(0);
    store.save(
        up.withNodes(
            List.of(
                new ClusterState.Node(
                    n0.instanceId(), n0.name(), n0.region(), "127.0.0.1", closed))));
    List<NodeStatus> s = manager(false).status("demo");
    assertThat(s)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.instanceStatus()).isEqualTo("active");
              assertThat(n.sglang()).isEqualTo("unreachable");
              assertThat(n.healthy()).isFalse();
            });
    api.instances.clear();
    assertThat(manager(false).status("demo"))
        .singleElement()
        .extracting(NodeStatus::instanceStatus)
        .isEqualTo("missing");
  }
}
