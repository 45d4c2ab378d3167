package dev.gorgo.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private static final String YAML =
      """
      listen: {host: 0.0.0.0, port: 9000}
      backends:
        - {id: us-east-1, url: "http://10.0.0.5:30000/", region: us-east, maxRunning: 16}
        - {id: eu-1, url: "http://10.0.1.5:30000", region: eu-central}
      policy:
        name: gorgo
        parameters: {t_p: 0.032, q_hat: 0.5}
      queue: {maxQueued: 500, timeout: 30s}
      timeouts: {connect: 750ms, idle: 90s}
      maxBody: 4MiB
      polling: {metricsInterval: 250ms, rttInterval: 50ms, timeout: 2s}
      keyer: chars
      requestLogSize: 100
      """;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void loadsEveryKeyFromYaml() throws IOException {
    Path f = write("proxy.yaml", YAML);
    ProxyConfig c = ConfigLoader.load(List.of("--config", f.toString()), Map.of());
    assertThat(c.listen()).isEqualTo(new ProxyConfig.Listen("0.0.0.0", 9000));
    assertThat(c.backends())
        .containsExactly(
            new ProxyConfig.Backend(
                "us-east-1", URI.create("http://10.0.0.5:30000"), "us-east", 16),
            new ProxyConfig.Backend("eu-1", URI.create("http://10.0.1.5:30000"), "eu-central", 10));
    assertThat(c.policy().name()).isEqualTo("gorgo");
    assertThat(c.policy().parameters())
        .containsExactly(Map.entry("t_p", "0.032"), Map.entry("q_hat", "0.5"));
    assertThat(c.queue()).isEqualTo(new ProxyConfig.Queue(500, Duration.ofSeconds(30)));
    assertThat(c.timeouts())
        .isEqualTo(new ProxyConfig.Timeouts(Duration.ofMillis(750), Duration.ofSeconds(90)));
    assertThat(c.maxBodyBytes()).isEqualTo(4L << 20);
    assertThat(c.polling().rttInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.polling().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.keyer()).isEqualTo("chars");
    assertThat(c.requestLogSize()).isEqualTo(100);
    assertThat(c.mode()).isEqualTo(ProxyConfig.Mode.CENTRALIZED);
    assertThat(c.admin().token().isPresent()).isFalse();
  }

  @Test
  void jsonIsAcceptedToo() throws IOException {
    Path f =
        write(
            "proxy.json",
            """
            {"listen": {"port": 8100}, "policy": "least-load",
             "backends": [{"id": "a", "url": "http://127.0.0.1:1", "region": "r"}]}
            """);
    ProxyConfig c = ConfigLoader.load(List.of("--config=" + f), Map.of());
    assertThat(c.listen().port()).isEqualTo(8100);
    assertThat(c.policy().name()).isEqualTo("least-load");
    assertThat(c.backends()).hasSize(1);
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFile() throws IOException {
    Path f = write("proxy.yaml", YAML);
    Map<String, String> env =
        Map.of(
            "GORGO_PROXY_PORT",
            "9100",
            "GORGO_PROXY_POLICY",
            "least-load",
            "GORGO_PROXY_QUEUE_SIZE",
            "7");
    ProxyConfig c =
        ConfigLoader.load(
            List.of("--config", f.toString(), "--port", "9200", "--param", "t_p=0.05"), env);
    assertThat(c.listen().port()).isEqualTo(9200);
    assertThat(c.policy().name()).isEqualTo("least-load");
    assertThat(c.policy().parameters()).containsEntry("t_p", "0.05").containsEntry("q_hat", "0.5");
    assertThat(c.queue().maxQueued()).isEqualTo(7);
  }

  @Test
  void backendsFromFlagsReplaceTheFileList() throws IOException {
    Path f = write("proxy.yaml", YAML);
    ProxyConfig c =
        ConfigLoader.load(
            List.of(
                "--config", f.toString(),
                "--backend", "x=http://127.0.0.1:7001@us-west",
                "--backend", "y=http://127.0.0.1:7002@eu"),
            Map.of());
    assertThat(c.backends()).extracting(ProxyConfig.Backend::id).containsExactly("x", "y");
    assertThat(c.backends().get(0).region()).isEqualTo("us-west");
  }

  @Test
  void backendsFromEnvironment() {
    ProxyConfig c =
        ConfigLoader.load(
            List.of(), Map.of("GORGO_PROXY_BACKENDS", "a=http://h1:1@r1, b=http://h2:2@r2"));
    assertThat(c.backends())
        .extracting(ProxyConfig.Backend::url)
        .containsExactly(URI.create("http://h1:1"), URI.create("http://h2:2"));
  }

  @Test
  void genericSetReachesAnyKey() {
    ProxyConfig c =
        ConfigLoader.load(List.of("--set", "timeouts.idle=5m", "--set=queue.timeout=2s"), Map.of());
    assertThat(c.timeouts().idle()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.queue().timeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void adminTokenFromEnvironmentOrFileIsNeverPrinted() throws IOException {
    ProxyConfig fromEnv =
        ConfigLoader.load(List.of(), Map.of("GORGO_ADMIN_TOKEN", " s3cret-env\n"));
    assertThat(fromEnv.admin().token().matches("s3cret-env")).isTrue();
    assertThat(fromEnv.toString()).doesNotContain("s3cret-env");

    Path tokenFile = write("token", "s3cret-file\nsecond line ignored\n");
    ProxyConfig fromFile =
        ConfigLoader.load(List.of("--admin-token-file", tokenFile.toString()), Map.of());
    assertThat(fromFile.admin().token().matches("s3cret-file")).isTrue();
    assertThat(fromFile.admin().token().matches("s3cret-env")).isFalse();
    assertThat(fromFile.toString()).doesNotContain("s3cret-file");
  }

  @Test
  void aTokenWrittenIntoTheFileIsRefused() throws IOException {
    Path f = write("proxy.yaml", "admin: {token: hunter2}\n");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", f.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("admin.token")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void everyProblemIsReportedWithItsKey() throws IOException {
    Path f =
        write(
            "bad.yaml",
            """
            listen: {host: 127.0.0.1, port: 70000}
            lisen: {port: 1}
            backends:
              - {id: a, url: "ftp://x", region: r}
              - {id: a, url: "http://ok:1", region: ""}
              - {id: "bad id!", url: "http://ok:2", region: r, maxRunning: 0}
            queue: {maxQueued: -1, timeout: 60}
            maxBody: 12 parsecs
            keyer: words
            """);
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", f.toString()), Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).startsWith("lisen: unknown key"))
                    .anySatisfy(p -> assertThat(p).startsWith("queue.timeout: '60' needs a unit"))
                    .anySatisfy(p -> assertThat(p).startsWith("maxBody:")));
    // Structural problems are fixed, semantic ones show up next.
    Path f2 =
        write(
            "bad2.yaml",
            """
            listen: {host: 127.0.0.1, port: 70000}
            backends:
              - {id: a, url: "ftp://x", region: r}
              - {id: a, url: "http://ok:1", region: r}
              - {id: "bad id!", url: "http://ok:2", region: r, maxRunning: 0}
            queue: {maxQueued: -1}
            keyer: words
            """);
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", f2.toString()), Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).startsWith("listen.port: must be 0..65535"))
                    .anySatisfy(p -> assertThat(p).startsWith("backends[0].url: 'ftp://x'"))
                    .anySatisfy(p -> assertThat(p).startsWith("backends[1].id: duplicate id 'a'"))
                    .anySatisfy(p -> assertThat(p).startsWith("backends[2].id:"))
                    .anySatisfy(p -> assertThat(p).startsWith("backends[2].maxRunning:"))
                    .anySatisfy(p -> assertThat(p).startsWith("queue.maxQueued:"))
                    .anySatisfy(p -> assertThat(p).startsWith("keyer:")));
  }

  @Test
  void malformedYamlNamesTheLine() throws IOException {
    Path f = write("broken.yaml", "listen:\n  port: [1,\n");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", f.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML or JSON at line");
  }

  @Test
  void missingFileAndUnknownFlagAreClearErrors() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    List.of("--config", dir.resolve("nope.yaml").toString()), Map.of()))
        .hasMessageContaining("cannot read");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--prot", "1"), Map.of()))
        .hasMessageContaining("unknown flag --prot");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--backend", "nourl"), Map.of()))
        .hasMessageContaining("expected ID=URL@REGION");
  }

  @Test
  void distributedModeNeedsLocalIdAndAPeerPerRemoteBackend() {
    List<String> base =
        List.of(
            "--mode", "distributed",
            "--backend", "a=http://127.0.0.1:1@r1",
            "--backend", "b=http://127.0.0.1:2@r2");
    assertThatThrownBy(() -> ConfigLoader.load(base, Map.of()))
        .hasMessageContaining("localId: required in distributed mode")
        .hasMessageContaining("peers: no peer proxy for backend 'b'");
    List<String> ok = new java.util.ArrayList<>(base);
    ok.addAll(List.of("--local-id", "a", "--peer", "b=http://127.0.0.1:8001"));
    ProxyConfig c = ConfigLoader.load(ok, Map.of());
    assertThat(c.mode()).isEqualTo(ProxyConfig.Mode.DISTRIBUTED);
    assertThat(c.peers())
        .containsExactly(new ProxyConfig.Peer("b", URI.create("http://127.0.0.1:8001")));
    List<String> self = new java.util.ArrayList<>(ok);
    self.addAll(List.of("--peer", "a=http://127.0.0.1:8000"));
    assertThatThrownBy(() -> ConfigLoader.load(self, Map.of()))
        .hasMessageContaining("this proxy's own backend");
  }

  @Test
  void centralizedModeRefusesDistributedKeys() {
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--local-id", "a"), Map.of()))
        .hasMessageContaining("localId: only used in distributed mode");
  }

  @Test
  void durationsAndSizes() {
    assertThat(ConfigLoader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ConfigLoader.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(ConfigLoader.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> ConfigLoader.parseDuration("fast"))
        .hasMessageContaining("not a duration");
    assertThat(ConfigLoader.parseSize("1024")).isEqualTo(1024);
    assertThat(ConfigLoader.parseSize("2KiB")).isEqualTo(2048);
    assertThat(ConfigLoader.parseSize("3mb")).isEqualTo(3_000_000);
    assertThatThrownBy(() -> ConfigLoader.parseSize("-1")).hasMessageContaining("not a size");
  }

  @Test
  void builderValidatesToo() {
    assertThatThrownBy(() -> ProxyConfig.builder().listen("", -1).build())
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2));
    ProxyConfig c =
        ProxyConfig.builder()
            .listen("127.0.0.1", 0)
            .backend("a", URI.create("http://127.0.0.1:1"), "r")
            .build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }
}
