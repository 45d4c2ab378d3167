package dev.gorgo.lambda;

import static dev.gorgo.lambda.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every operation of the spec against MockWebServer playing the API. */
class LambdaClientTest extends MockApiTest {
  private static final ObjectMapper M = new ObjectMapper();

  private RecordedRequest take(String method, String path) throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request was sent").isNotNull();
    assertThat(r.getMethod()).isEqualTo(method);
    assertThat(r.getUrl().encodedPath()).isEqualTo(path);
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + Fixtures.KEY);
    return r;
  }

  private static JsonNode body(RecordedRequest r) throws Exception {
    return M.readTree(r.getBody().utf8());
  }

  @Test
  void listsInstancesWithAllFields() throws Exception {
    server.enqueue(json(200, "instances.json"));
    List<Instance> list = client.listInstances();
    take("GET", "/api/v1/instances");
    assertThat(list).hasSize(2);
    Instance a = list.get(0);
    assertThat(a.status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThat(a.ip()).isEqualTo("198.51.100.2");
    assertThat(a.region().name()).isEqualTo("us-east-1");
    assertThat(a.instanceType().specs().gpus()).isEqualTo(1);
    assertThat(a.instanceType().priceCentsPerHour()).isEqualTo(75);
    assertThat(a.actions().migrate().reasonCode()).isEqualTo("vm-is-too-old");
    assertThat(a.actions().coldReboot().available()).isTrue();
    Instance b = list.get(1);
    assertThat(b.status()).isEqualTo(InstanceStatus.BOOTING);
    assertThat(b.ip()).isNull();
    assertThat(b.tags()).isEmpty();
  }

  @Test
  void listsInstancesOfOneLambdaCluster() throws Exception {
    server.enqueue(json(200, "instances.json"));
    client.listInstances("ddaedf1b7a0e41ac981711504493b242");
    RecordedRequest r = take("GET", "/api/v1/instances");
    assertThat(r.getUrl().queryParameter("cluster_id"))
        .isEqualTo("ddaedf1b7a0e41ac981711504493b242");
  }

  @Test
  void getsOneInstanceAndNeverPrintsItsJupyterToken() throws Exception {
    server.enqueue(json(200, "instance.json"));
    Instance i = client.getInstance("0920582c7ff041399e34823a0be62549");
    take("GET", "/api/v1/instances/0920582c7ff041399e34823a0be62549");
    assertThat(i.jupyterToken()).isEqualTo("53968f128c4a4489b688c2c0a181d083");
    assertThat(i.fileSystemMounts())
        .containsExactly(
            new Instance.FilesystemMount(
                "/lambda/nfs/shared-fs", "398578a2336b49079e74043f0bd2cfe8"));
    assertThat(i.tags()).containsExactly(new Instance.Tag("gorgo-cluster", "demo"));
    assertThat(i.firewallRulesets())
        .extracting(Instance.RulesetRef::id)
        .containsExactly("c4d291f47f9d436fa39f58493ce3b50d");
    assertThat(i.toString()).doesNotContain("53968f128c4a4489b688c2c0a181d083");
  }

  @Test
  void renamesAnInstance() throws Exception {
    server.enqueue(json(200, "instance.json"));
    client.renameInstance("0920582c7ff041399e34823a0be62549", "gorgo-us-east-1");
    RecordedRequest r = take("POST", "/api/v1/instances/0920582c7ff041399e34823a0be62549");
    assertThat(body(r)).isEqualTo(M.readTree("{\"name\":\"gorgo-us-east-1\"}"));
  }

  @Test
  void readsInstanceTypesWithRegionalCapacity() throws Exception {
    server.enqueue(json(200, "instance-types.json"));
    Map<String, InstanceTypeAvailability> types = client.instanceTypes();
    take("GET", "/api/v1/instance-types");
    assertThat(types).containsOnlyKeys("gpu_1x_a10", "gpu_8x_h100_sxm5");
    InstanceTypeAvailability a10 = types.get("gpu_1x_a10");
    assertThat(a10.hasCapacityIn("europe-central-1")).isTrue();
    assertThat(a10.hasCapacityIn("us-west-1")).isFalse();
    assertThat(types.get("gpu_8x_h100_sxm5").regionsWithCapacityAvailable()).isEmpty();
    assertThat(types.get("gpu_8x_h100_sxm5").instanceType().specs().gpus()).isEqualTo(8);
  }

  @Test
  void launchSendsOnlyTheFieldsThatAreSet() throws Exception {
    server.enqueue(json(200, "launch.json"));
    List<String> ids =
        client.launch(
            LaunchRequest.of("us-east-1", "gpu_1x_a10", "gorgo-demo")
                .withName("gorgo-us-east-1")
                .withFileSystems(List.of("shared-fs"))
                .withImage(Image.Spec.ofFamily("lambda-stack-24-04"))
                .withTags(List.of(new Instance.Tag("gorgo-cluster", "demo"))));
    assertThat(ids).containsExactly("0920582c7ff041399e34823a0be62549");
    RecordedRequest r = take("POST", "/api/v1/instance-operations/launch");
    assertThat(body(r))
        .isEqualTo(
            M.readTree(
                """
                {"region_name":"us-east-1","instance_type_name":"gpu_1x_a10",
                 "ssh_key_names":["gorgo-demo"],"file_system_names":["shared-fs"],
                 "name":"gorgo-us-east-1","image":{"family":"lambda-stack-24-04"},
                 "tags":[{"key":"gorgo-cluster","value":"demo"}]}
                """));
  }

  @Test
  void restartsAndTerminates() throws Exception {
    server.enqueue(json(200, "restart.json"));
    server.enqueue(json(200, "terminate.json"));
    List<Instance> restarted = client.restart(List.of("0920582c7ff041399e34823a0be62549"));
    List<Instance> terminated = client.terminate(List.of("0920582c7ff041399e34823a0be62549"));
    RecordedRequest r1 = take("POST", "/api/v1/instance-operations/restart");
    RecordedRequest r2 = take("POST", "/api/v1/instance-operations/terminate");
    assertThat(body(r1))
        .isEqualTo(M.readTree("{\"instance_ids\":[\"0920582c7ff041399e34823a0be62549\"]}"));
    assertThat(body(r2)).isEqualTo(body(r1));
    assertThat(restarted)
        .singleElement()
        .extracting(Instance::status)
        .isEqualTo(InstanceStatus.ACTIVE);
    assertThat(terminated)
        .singleElement()
        .extracting(Instance::status)
        .isEqualTo(InstanceStatus.TERMINATING);
  }

  @Test
  void sshKeysListAddDelete() throws Exception {
    server.enqueue(json(200, "ssh-keys.json"));
    server.enqueue(json(200, "ssh-key-added.json"));
    server.enqueue(json(200, "empty.json"));
    assertThat(client.listSshKeys()).extracting(SshKey::name).containsExactly("macbook-pro");
    SshKey added = client.addSshKey("macbook-pro", "ssh-ed25519 AAAAC3Nza user@macbook\n");
    client.deleteSshKey("ddf9a910ceb744a0bb95242cbba6cb50");
    take("GET", "/api/v1/ssh-keys");
    RecordedRequest add = take("POST", "/api/v1/ssh-keys");
    take("DELETE", "/api/v1/ssh-keys/ddf9a910ceb744a0bb95242cbba6cb50");
    assertThat(body(add))
        .isEqualTo(
            M.readTree(
                "{\"name\":\"macbook-pro\",\"public_key\":\"ssh-ed25519 AAAAC3Nza user@macbook\"}"));
    assertThat(added.id()).isEqualTo("ddf9a910ceb744a0bb95242cbba6cb50");
  }

  @Test
  void generatedKeyIsSavedOwnerOnlyAndNotReturned(@TempDir Path dir) throws Exception {
    server.enqueue(json(200, "ssh-key-generated.json"));
    Path file = dir.resolve("keys/gorgo-demo.pem");
    SshKey key = client.generateSshKey("gorgo-demo", file);
    RecordedRequest r = take("POST", "/api/v1/ssh-keys");
    assertThat(body(r)).isEqualTo(M.readTree("{\"name\":\"gorgo-demo\"}"));
    assertThat(Files.readString(file)).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    assertThat(key.toString()).doesNotContain("PRIVATE");
    assertThat(key.publicKey()).startsWith("ssh-rsa ");
  }

  @Test
  void generatingRefusesToOverwriteAnExistingKeyFileWithoutCallingTheApi(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("k.pem"), "old");
    assertThatThrownBy(() -> client.generateSshKey("k", file))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    assertThat(server.getRequestCount()).isZero();
    assertThat(Files.readString(file)).isEqualTo("old");
  }

  @Test
  void fileSystemsListCreateDelete() throws Exception {
    server.enqueue(json(200, "file-systems.json"));
    server.enqueue(json(200, "filesystem.json"));
    server.enqueue(json(200, "filesystem-deleted.json"));
    List<Filesystem> all = client.listFilesystems();
    Filesystem created = client.createFilesystem("shared-fs", "us-east-1");
    List<String> deleted = client.deleteFilesystem("398578a2336b49079e74043f0bd2cfe8");
    take("GET", "/api/v1/file-systems");
    RecordedRequest c = take("POST", "/api/v1/filesystems");
    take("DELETE", "/api/v1/filesystems/398578a2336b49079e74043f0bd2cfe8");
    assertThat(body(c)).isEqualTo(M.readTree("{\"name\":\"shared-fs\",\"region\":\"us-east-1\"}"));
    assertThat(all).extracting(Filesystem::name).containsExactly("shared-fs", "models");
    assertThat(all.get(1).bytesUsed()).isNull();
    assertThat(all.get(1).isInUse()).isTrue();
    assertThat(created.createdBy().email()).isEqualTo("teammate@example.com");
    assertThat(created.bytesUsed()).isEqualTo(2147483648L);
    assertThat(deleted).containsExactly("398578a2336b49079e74043f0bd2cfe8");
  }

  @Test
  void listsImages() throws Exception {
    server.enqueue(json(200, "images.json"));
    List<Image> images = client.listImages();
    take("GET", "/api/v1/images");
    assertThat(images)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.family()).isEqualTo("lambda-stack-24-04");
              assertThat(i.architecture()).isEqualTo("x86_64");
              assertThat(i.region().name()).isEqualTo("us-east-1");
            });
  }

  @Test
  void firewallRulesAndRulesets() throws Exception {
    server.enqueue(json(200, "firewall-rules.json"));
    server.enqueue(json(200, "firewall-rules.json"));
    server.enqueue(json(200, "firewall-rulesets.json"));
    server.enqueue(json(200, "firewall-ruleset.json"));
    server.enqueue(json(200, "firewall-ruleset.json"));
    server.enqueue(json(200, "firewall-ruleset.json"));
    server.enqueue(json(200, "empty.json"));
    server.enqueue(json(200, "global-ruleset.json"));
    server.enqueue(json(200, "global-ruleset.json"));
    List<FirewallRule> rules = client.listFirewallRules();
    assertThat(rules.get(1).protocol()).isEqualTo(FirewallRule.Protocol.ICMP);
    assertThat(rules.get(1).portRange()).isNull();
    client.setFirewallRules(rules);
    assertThat(client.listFirewallRulesets())
        .singleElement()
        .extracting(FirewallRuleset::instanceIds)
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly("0920582c7ff041399e34823a0be62549");
    FirewallRule proxy = FirewallRule.tcp(8000, "203.0.113.0/24", "proxy");
    client.createFirewallRuleset("gorgo-east", "us-east-1", List.of(proxy));
    client.getFirewallRuleset("c4d291f47f9d436fa39f58493ce3b50d");
    client.updateFirewallRuleset("c4d291f47f9d436fa39f58493ce3b50d", null, List.of(proxy));
    client.deleteFirewallRuleset("c4d291f47f9d436fa39f58493ce3b50d");
    GlobalFirewallRuleset g = client.globalFirewallRuleset();
    client.updateGlobalFirewallRuleset(g.rules());

    take("GET", "/api/v1/firewall-rules");
    RecordedRequest put = take("PUT", "/api/v1/firewall-rules");
    assertThat(body(put))
        .isEqualTo(
            M.readTree(
                "{\"data\":[{\"protocol\":\"tcp\",\"port_range\":[22,22],\"source_network\":\"0.0.0.0/0\",\"description\":\"Allow SSH from anywhere\"},"
                    + "{\"protocol\":\"icmp\",\"source_network\":\"0.0.0.0/0\",\"description\":\"Allow ICMP\"}]}"));
    take("GET", "/api/v1/firewall-rulesets");
    RecordedRequest create = take("POST", "/api/v1/firewall-rulesets");
    assertThat(body(create))
        .isEqualTo(
            M.readTree(
                "{\"name\":\"gorgo-east\",\"region\":\"us-east-1\",\"rules\":[{\"protocol\":\"tcp\",\"port_range\":[8000,8000],\"source_network\":\"203.0.113.0/24\",\"description\":\"proxy\"}]}"));
    take("GET", "/api/v1/firewall-rulesets/c4d291f47f9d436fa39f58493ce3b50d");
    RecordedRequest patch =
        take("PATCH", "/api/v1/firewall-rulesets/c4d291f47f9d436fa39f58493ce3b50d");
    assertThat(body(patch).has("name")).isFalse();
    assertThat(body(patch).get("rules")).hasSize(1);
    take("DELETE", "/api/v1/firewall-rulesets/c4d291f47f9d436fa39f58493ce3b50d");
    take("GET", "/api/v1/firewall-rulesets/global");
    RecordedRequest gp = take("PATCH", "/api/v1/firewall-rulesets/global");
    assertThat(body(gp).get("rules")).hasSize(2);
    assertThat(g.id()).isEqualTo("global");
  }

  @Test
  void auditEventsFollowPageTokens() throws Exception {
    server.enqueue(json(200, "audit-events-1.json"));
    server.enqueue(json(200, "audit-events-2.json"));
    Instant start = Instant.parse("2025-09-01T00:00:00Z");
    List<AuditEvent> events = client.allAuditEvents(start, null, "cloud.instance", 10);
    assertThat(events).extracting(AuditEvent::eventId).containsExactly("ev-1", "ev-2");
    assertThat(events.get(0).additionalDetails()).containsEntry("region", "us-east-1");
    assertThat(events.get(1).actorLrn()).isNull();
    RecordedRequest p1 = take("GET", "/api/v1/audit-events");
    assertThat(p1.getUrl().queryParameter("start")).isEqualTo("2025-09-01T00:00:00Z");
    assertThat(p1.getUrl().queryParameter("resource_type")).isEqualTo("cloud.instance");
    assertThat(p1.getUrl().queryParameter("page_token")).isNull();
    RecordedRequest p2 = take("GET", "/api/v1/audit-events");
    assertThat(p2.getUrl().queryParameter("page_token")).isEqualTo("abCdEFg0h1I2jKlm34n5O6Pq78r=");
  }

  @Test
  void aSuccessWithoutTheDataEnvelopeIsReportedNotGuessed() {
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).body("[]").build());
    assertThatThrownBy(() -> client.listInstances())
        .isInstanceOf(LambdaException.MalformedResponse.class)
        .hasMessageContaining("data envelope");
  }

  /** Found by EnvelopeFuzzTest: {"data": null} used to come back as a null list. */
  @Test
  void aNullDataEnvelopeIsMalformedNotANullList() {
    server.enqueue(
        new mockwebserver3.MockResponse.Builder().code(200).body("{\"data\":null}").build());
    assertThatThrownBy(() -> client.listInstances())
        .isInstanceOf(LambdaException.MalformedResponse.class);
  }

  @Test
  void unknownStatusesAndProtocolsDoNotBreakParsing() throws Exception {
    String body = Fixtures.read("instance.json").replace("\"active\"", "\"hibernating\"");
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).body(body).build());
    assertThat(client.getInstance("x").status()).isEqualTo(InstanceStatus.UNKNOWN);
  }
}
