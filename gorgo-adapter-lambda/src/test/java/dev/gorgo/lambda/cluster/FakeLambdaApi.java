package dev.gorgo.lambda.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorgo.lambda.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A small stateful Lambda Cloud for cluster tests: SSH keys, the instance-type catalogue from the
 * fixture, launches that boot for one poll and then become active with an address, regions without
 * capacity that answer {@code insufficient-capacity}, the global firewall ruleset, and termination.
 * Responses use the spec-shaped fixtures as templates.
 */
final class FakeLambdaApi extends Dispatcher {
  private static final ObjectMapper M = new ObjectMapper();
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final Set<String> soldOut = Collections.synchronizedSet(new java.util.HashSet<>());
  final Map<String, ObjectNode> instances = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Integer> polls = new java.util.concurrent.ConcurrentHashMap<>();
  final List<String> keys = Collections.synchronizedList(new ArrayList<>());
  private ArrayNode globalRules;
  private int next = 1;

  FakeLambdaApi() {
    globalRules = (ArrayNode) read("global-ruleset.json").at("/data/rules");
  }

  private static JsonNode read(String fixture) {
    try {
      return M.readTree(Fixtures.read(fixture));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse ok(JsonNode data) {
    ObjectNode root = M.createObjectNode();
    root.set("data", data);
    return new MockResponse.Builder().code(200).body(root.toString()).build();
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest r) {
    String path = r.getUrl().encodedPath().substring("/api/v1".length());
    String call = r.getMethod() + " " + path;
    calls.add(call);
    try {
      JsonNode body =
          r.getBody() == null || r.getBody().size() == 0 ? null : M.readTree(r.getBody().utf8());
      switch (call) {
        case "GET /ssh-keys" -> {
          ArrayNode a = M.createArrayNode();
          for (String k : keys) {
            a.addObject()
                .put("id", "id-" + k)
                .put("name", k)
                .put("public_key", "ssh-ed25519 AAAA " + k);
          }
          return ok(a);
        }
        case "POST /ssh-keys" -> {
          keys.add(body.get("name").asText());
          ObjectNode k = (ObjectNode) read("ssh-key-generated.json").get("data");
          k.put("name", body.get("name").asText());
          return ok(k);
        }
        case "GET /instance-types" -> {
          return ok(read("instance-types.json").get("data"));
        }
        case "POST /instance-operations/launch" -> {
          String region = body.get("region_name").asText();
          if (soldOut.contains(region)) {
            return new MockResponse.Builder()
                .code(400)
                .body(Fixtures.read("errors/insufficient-capacity.json"))
                .build();
          }
          String id = "inst" + next++;
          ObjectNode inst = (ObjectNode) read("instances.json").at("/data/1").deepCopy();
          inst.put("id", id);
          inst.put("name", body.get("name").asText());
          ((ObjectNode) inst.get("region")).put("name", region);
          instances.put(id, inst);
          ObjectNode data = M.createObjectNode();
          data.putArray("instance_ids").add(id);
          return ok(data);
        }
        case "GET /firewall-rulesets/global" -> {
          ObjectNode g = (ObjectNode) read("global-ruleset.json").get("data");
          g.set("rules", globalRules.deepCopy());
          return ok(g);
        }
        case "PATCH /firewall-rulesets/global" -> {
          globalRules = (ArrayNode) body.get("rules");
          ObjectNode g = (ObjectNode) read("global-ruleset.json").get("data");
          g.set("rules", globalRules.deepCopy());
          return ok(g);
        }
        case "POST /instance-operations/terminate" -> {
          ArrayNode gone = M.createArrayNode();
          for (JsonNode id : body.get("instance_ids")) {
            ObjectNode inst = instances.remove(id.asText());
            if (inst != null) {
              inst.put("status", "terminating");
              gone.add(inst);
            }
          }
          ObjectNode data = M.createObjectNode();
          data.set("terminated_instances", gone);
          return ok(data);
        }
        case "GET /instances" -> {
          ArrayNode a = M.createArrayNode();
          instances.values().forEach(a::add);
          return ok(a);
        }
        default -> {
          if (r.getMethod().equals("GET") && path.startsWith("/instances/")) {
            String id = path.substring("/instances/".length());
            ObjectNode inst = instances.get(id);
            if (inst == null) {
              return new MockResponse.Builder()
                  .code(404)
                  .body(Fixtures.read("errors/object-does-not-exist.json"))
                  .build();
            }
            if (polls.merge(id, 1, Integer::sum) > 1) {
              inst.put("status", "active");
              inst.put("ip", "203.0.113." + id.substring(4));
            }
            return ok(inst);
          }
          return new MockResponse.Builder().code(404).body("{}").build();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> rules() {
    List<JsonNode> l = new ArrayList<>();
    globalRules.forEach(l::add);
    return l;
  }
}
