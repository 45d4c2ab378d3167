package dev.gorgo.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the test payloads are shaped exactly like the spec: each fixture is validated against the
 * response schema the spec declares for its operation and status (required fields, no extra fields
 * where {@code additionalProperties} is false, enums, constants, JSON types). Needs the spec from
 * {@code gorgo.shared.dir}; skipped with a message when it is absent.
 */
class SpecShapesTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static JsonNode spec;

  @BeforeAll
  static void loadSpec() throws Exception {
    String dir = System.getProperty("gorgo.shared.dir");
    Path p = dir == null ? null : Path.of(dir, "specs", "lambda-cloud-api-1.8.3.openapi.json");
    assumeTrue(p != null && Files.exists(p), "Lambda API spec not found under gorgo.shared.dir");
    spec = M.readTree(p.toFile());
  }

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("instances.json", "get", "/api/v1/instances", "200"),
        Arguments.of("instance.json", "get", "/api/v1/instances/{id}", "200"),
        Arguments.of("instance.json", "post", "/api/v1/instances/{id}", "200"),
        Arguments.of("instance-types.json", "get", "/api/v1/instance-types", "200"),
        Arguments.of("launch.json", "post", "/api/v1/instance-operations/launch", "200"),
        Arguments.of("restart.json", "post", "/api/v1/instance-operations/restart", "200"),
        Arguments.of("terminate.json", "post", "/api/v1/instance-operations/terminate", "200"),
        Arguments.of("ssh-keys.json", "get", "/api/v1/ssh-keys", "200"),
        Arguments.of("ssh-key-added.json", "post", "/api/v1/ssh-keys", "200"),
        Arguments.of("ssh-key-generated.json", "post", "/api/v1/ssh-keys", "200"),
        Arguments.of("empty.json", "delete", "/api/v1/ssh-keys/{id}", "200"),
        Arguments.of("file-systems.json", "get", "/api/v1/file-systems", "200"),
        Arguments.of("filesystem.json", "post", "/api/v1/filesystems", "200"),
        Arguments.of("filesystem-deleted.json", "delete", "/api/v1/filesystems/{id}", "200"),
        Arguments.of("images.json", "get", "/api/v1/images", "200"),
        Arguments.of("firewall-rules.json", "get", "/api/v1/firewall-rules", "200"),
        Arguments.of("firewall-rules.json", "put", "/api/v1/firewall-rules", "200"),
        Arguments.of("firewall-rulesets.json", "get", "/api/v1/firewall-rulesets", "200"),
        Arguments.of("firewall-ruleset.json", "post", "/api/v1/firewall-rulesets", "200"),
        Arguments.of("firewall-ruleset.json", "get", "/api/v1/firewall-rulesets/{id}", "200"),
        Arguments.of("firewall-ruleset.json", "patch", "/api/v1/firewall-rulesets/{id}", "200"),
        Arguments.of("empty.json", "delete", "/api/v1/firewall-rulesets/{id}", "200"),
        Arguments.of("global-ruleset.json", "get", "/api/v1/firewall-rulesets/global", "200"),
        Arguments.of("global-ruleset.json", "patch", "/api/v1/firewall-rulesets/global", "200"),
        Arguments.of("audit-events-1.json", "get", "/api/v1/audit-events", "200"),
        Arguments.of("audit-events-2.json", "get", "/api/v1/audit-events", "200"),
        Arguments.of("errors/invalid-api-key.json", "get", "/api/v1/instances", "401"),
        Arguments.of("errors/account-inactive.json", "get", "/api/v1/instances", "403"),
        Arguments.of(
            "errors/invalid-address.json", "post", "/api/v1/instance-operations/launch", "403"),
        Arguments.of("errors/object-does-not-exist.json", "get", "/api/v1/instances/{id}", "404"),
        Arguments.of("errors/invalid-parameters.json", "post", "/api/v1/instances/{id}", "400"),
        Arguments.of("errors/quota-exceeded.json", "post", "/api/v1/filesystems", "400"),
        Arguments.of("errors/duplicate.json", "post", "/api/v1/filesystems", "400"),
        Arguments.of(
            "errors/internal-error.json", "patch", "/api/v1/firewall-rulesets/global", "409"),
        Arguments.of(
            "errors/insufficient-capacity.json",
            "post",
            "/api/v1/instance-operations/launch",
            "400"),
        Arguments.of(
            "errors/file-system-in-wrong-region.json",
            "post",
            "/api/v1/instance-operations/launch",
            "400"),
        Arguments.of("errors/filesystem-in-use.json", "delete", "/api/v1/filesystems/{id}", "400"),
        Arguments.of(
            "errors/firewall-ruleset-in-use.json",
            "delete",
            "/api/v1/firewall-rulesets/{id}",
            "400"));
  }

  @ParameterizedTest(name = "{0} is a valid {1} {2} {3}")
  @MethodSource("fixtures")
  void fixtureMatchesTheSpecSchema(String fixture, String method, String path, String status)
      throws Exception {
    JsonNode schema =
        spec.at("/paths")
            .get(path)
            .get(method)
            .at("/responses/" + status + "/content/application~1json/schema");
    assertThat(schema.isMissingNode()).as("spec declares %s %s %s", method, path, status).isFalse();
    List<String> errors = new ArrayList<>();
    validate(M.readTree(Fixtures.read(fixture)), schema, "$", errors);
    assertThat(errors).as(fixture).isEmpty();
  }

  @Test
  void requestBodiesTheClientSendsMatchTheRequestSchemas() throws Exception {
    LaunchRequest launch =
        LaunchRequest.of("us-east-1", "gpu_1x_a10", "gorgo-demo")
            .withName("gorgo-us-east-1")
            .withFileSystems(List.of("shared-fs"))
            .withImage(Image.Spec.ofFamily("lambda-stack-24-04"))
            .withTags(List.of(new Instance.Tag("gorgo-cluster", "demo")));
    List<String> errors = new ArrayList<>();
    validate(
        dev.gorgo.lambda.internal.Json.MAPPER.valueToTree(launch),
        spec.at("/components/schemas/InstanceLaunchRequest"),
        "$",
        errors);
    FirewallRule rule = FirewallRule.tcp(8000, "0.0.0.0/0", "proxy");
    validate(
        dev.gorgo.lambda.internal.Json.MAPPER.valueToTree(Map.of("rules", List.of(rule))),
        spec.at("/components/schemas/GlobalFirewallRulesetPatchRequest"),
        "$",
        errors);
    assertThat(errors).isEmpty();
  }

  @Test
  void theValidatorCatchesAMissingRequiredField() throws Exception {
    JsonNode schema = spec.at("/components/schemas/Instance");
    JsonNode broken = M.readTree(Fixtures.read("instance.json")).get("data");
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken).remove("actions");
    List<String> errors = new ArrayList<>();
    validate(broken, schema, "$", errors);
    assertThat(errors).containsExactly("$: missing required 'actions'");
  }

  @Test
  void providerErrorsUseTheDocumentedEnvelope() throws Exception {
    JsonNode e = M.readTree(Fixtures.read("errors/provider-unavailable.json")).get("error");
    assertThat(e.get("code").asText()).startsWith("provider/");
    assertThat(e.get("message").isTextual()).isTrue();
  }

  private static JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      schema = spec.at(schema.get("$ref").asText().substring(1));
    }
    return schema;
  }

  private static void validate(JsonNode v, JsonNode schema, String at, List<String> errors) {
    schema = resolve(schema);
    if (schema.has("anyOf")) {
      for (JsonNode alt : schema.get("anyOf")) {
        List<String> e = new ArrayList<>();
        validate(v, alt, at, e);
        if (e.isEmpty()) {
          return;
        }
      }
      errors.add(at + ": matches none of anyOf");
      return;
    }
    if (schema.has("const") && !schema.get("const").equals(v)) {
      errors.add(at + ": expected const " + schema.get("const"));
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.get("enum")) {
        found |= e.equals(v);
      }
      if (!found) {
        errors.add(at + ": " + v + " not in enum");
      }
    }
    String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
    switch (type) {
      case "object" -> {
        if (!v.isObject()) {
          errors.add(at + ": expected object");
          return;
        }
        for (JsonNode r : schema.path("required")) {
          if (!v.has(r.asText())) {
            errors.add(at + ": missing required '" + r.asText() + "'");
          }
        }
        JsonNode props = schema.path("properties");
        JsonNode extra = schema.get("additionalProperties");
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> f = it.next();
          if (props.has(f.getKey())) {
            validate(f.getValue(), props.get(f.getKey()), at + "." + f.getKey(), errors);
          } else if (extra != null && extra.isObject()) {
            validate(f.getValue(), extra, at + "." + f.getKey(), errors);
          } else if (extra != null && extra.isBoolean() && !extra.asBoolean()) {
            errors.add(at + ": unexpected field '" + f.getKey() + "'");
          }
        }
      }
      case "array" -> {
        if (!v.isArray()) {
          errors.add(at + ": expected array");
          return;
        }
        for (int i = 0; i < v.size(); i++) {
          validate(v.get(i), schema.path("items"), at + "[" + i + "]", errors);
        }
      }
      case "string" -> check(v.isTextual(), at, "string", errors);
      case "integer" -> check(v.isIntegralNumber(), at, "integer", errors);
      case "boolean" -> check(v.isBoolean(), at, "boolean", errors);
      case "null" -> check(v.isNull(), at, "null", errors);
      default -> {}
    }
  }

  private static void check(boolean ok, String at, String type, List<String> errors) {
    if (!ok) {
      errors.add(at + ": expected " + type);
    }
  }
}
