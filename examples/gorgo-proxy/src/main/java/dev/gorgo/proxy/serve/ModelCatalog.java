package dev.gorgo.proxy.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorgo.api.Endpoint;
import dev.gorgo.sglang.ForwardRequest;
import dev.gorgo.sglang.ForwardResult;
import dev.gorgo.sglang.ResponseHead;
import dev.gorgo.sglang.SglangClient;
import dev.gorgo.sglang.StreamSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The models the backends serve, for {@code GET /v1/models} (the union of the backends' lists, each
 * model once, with the ids of the endpoints serving it) and for rejecting an unknown {@code model}
 * with 404 before routing.
 *
 * <p>Lists are fetched from every endpoint in parallel (virtual threads) and cached for {@code
 * ttl}; a stale cache is refreshed in the background by one refresher at a time while requests use
 * the previous lists (only the very first use waits for them). While no backend has answered yet
 * the catalog is "unknown" and no request is rejected for its model: a proxy must not refuse
 * traffic because a replica was slow to start.
 */
public final class ModelCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SglangClient client;
  private final Supplier<List<Endpoint>> endpoints;
  private final long ttlNanos;
  private final Semaphore refreshing = new Semaphore(1);
  private volatile Snapshot snapshot = new Snapshot(Map.of(), 0, false);

  /**
   * Creates a catalog.
   *
   * @param client fetches {@code /v1/models}
   * @param endpoints the current endpoints
   * @param ttl how long a fetched list is trusted
   */
  public ModelCatalog(SglangClient client, Supplier<List<Endpoint>> endpoints, Duration ttl) {
    this.client = client;
    this.endpoints = endpoints;
    this.ttlNanos = ttl.toNanos();
  }

  private record Snapshot(Map<String, ObjectNode> cards, long fetchedNanos, boolean known) {}

  /**
   * Whether {@code model} may be routed: true when it is served by some backend, when it is {@code
   * null} or {@code "default"} (SGLang's own default name), or while no backend list is known.
   */
  public boolean accepts(String model) {
    if (model == null || model.equals("default")) {
      return true;
    }
    Snapshot s = current();
    return !s.known || s.cards.containsKey(model);
  }

  /** The OpenAI list document. */
  public ObjectNode list() {
    Snapshot s = current();
    ObjectNode doc = JSON.createObjectNode();
    doc.put("object", "list");
    ArrayNode data = doc.putArray("data");
    s.cards.values().forEach(data::add);
    return doc;
  }

  /** Drops the cache (after endpoints were added or removed). */
  public void invalidate() {
    Snapshot s = snapshot;
    snapshot = new Snapshot(s.cards, 0, s.known);
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    if (s.fetchedNanos != 0 && System.nanoTime() - s.fetchedNanos < ttlNanos) {
      return s;
    }
    if (s.fetchedNanos == 0 && !s.known) {
      // Never fetched: the first caller waits for the lists (others use the empty snapshot).
      if (refreshing.tryAcquire()) {
        try {
          snapshot = fetch();
        } finally {
          refreshing.release();
        }
      }
      return snapshot;
    }
    // Stale: refresh in the background, answer from the previous lists meanwhile, so a slow
    // replica never delays a request.
    if (refreshing.tryAcquire()) {
      Thread.ofVirtual()
          .name("gorgo-model-catalog")
          .start(
              () -> {
                try {
                  snapshot = fetch();
                } finally {
                  refreshing.release();
                }
              });
    }
    return s;
  }

  private Snapshot fetch() {
    List<Endpoint> eps = endpoints.get();
    Map<String, ObjectNode> cards = new LinkedHashMap<>();
    boolean known = false;
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<JsonNode>> futures = new ArrayList<>();
      for (Endpoint e : eps) {
        Callable<JsonNode> task = () -> fetchOne(e);
        futures.add(ex.submit(task));
      }
      for (int i = 0; i < eps.size(); i++) {
        JsonNode doc;
        try {
          doc = futures.get(i).get(5, TimeUnit.SECONDS);
        } catch (Exception failed) {
          continue;
        }
        if (doc == null || !doc.path("data").isArray()) {
          continue;
        }
        known = true;
        for (JsonNode card : doc.path("data")) {
          String id = card.path("id").asText(null);
          if (id == null || !card.isObject()) {
            continue;
          }
          ObjectNode c =
              cards.computeIfAbsent(
                  id,
                  k -> {
                    ObjectNode copy = ((ObjectNode) card).deepCopy();
                    copy.putArray("gorgo_endpoints");
                    return copy;
                  });
          ((ArrayNode) c.get("gorgo_endpoints")).add(eps.get(i).id());
        }
      }
    }
    return new Snapshot(cards, System.nanoTime(), known);
  }

  private JsonNode fetchOne(Endpoint e) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int[] status = {-1};
    ForwardResult r =
        client.forward(
            e.baseUri(),
            new ForwardRequest("GET", "/v1/models", Map.of(), new byte[0], null, null),
            new StreamSink() {
              @Override
              public void start(ResponseHead head) {
                status[0] = head.status();
              }

              @Override
              public void write(byte[] bytes, int offset, int length) throws IOException {
                if (body.size() + length > (1 << 20)) {
                  throw new IOException("model list too large");
                }
                body.write(bytes, offset, length);
              }
            });
    if (r.ending() != ForwardResult.Ending.COMPLETED || status[0] != 200) {
      return null;
    }
    return JSON.readTree(body.toByteArray());
  }
}
