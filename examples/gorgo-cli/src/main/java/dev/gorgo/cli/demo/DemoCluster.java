package dev.gorgo.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorgo.cli.emulate.Regions;
import dev.gorgo.emulator.EmulatedReplica;
import dev.gorgo.emulator.Emulator;
import dev.gorgo.emulator.EmulatorCluster;
import dev.gorgo.emulator.EmulatorConfig;
import dev.gorgo.emulator.ReplicaStats;
import dev.gorgo.proxy.ProxyServer;
import dev.gorgo.proxy.config.ProxyConfig;
import dev.gorgo.proxy.observe.RequestRecord;
import dev.gorgo.sim.topology.Topology;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The demo's cluster: emulated replicas laid out over a topology's regions, and the routing proxy
 * (in the topology's router region) in front of them. Policies are switched and caches cleared
 * through the proxy's management API, as an operator would; the replicas' ground truth (cached
 * prompt tokens) and the proxy's per-request records are read in process for the report.
 */
final class DemoCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final Topology topology;
  private final EmulatorCluster replicas;
  private final ProxyServer proxy;
  private final Map<String, String> regionOf = new HashMap<>();
  private final OkHttpClient admin =
      new OkHttpClient.Builder()
          .connectTimeout(5, TimeUnit.SECONDS)
          .readTimeout(30, TimeUnit.SECONDS)
          .build();

  private DemoCluster(Topology topology, EmulatorCluster replicas, ProxyServer proxy) {
    this.topology = topology;
    this.replicas = replicas;
    this.proxy = proxy;
    for (EmulatedReplica r : replicas.replicas()) {
      regionOf.put(r.name(), r.region());
    }
  }

  /**
   * Starts the replicas and the proxy (policy {@code gorgo} until the first switch).
   *
   * @param topology regions and round trips; the proxy sits in its router region
   * @param perRegion replicas per region
   * @param profile engine profile of the replicas
   * @param timeScale emulator time scale
   * @param seed seeds the replicas' generated text
   */
  static DemoCluster start(
      Topology topology, int perRegion, String profile, double timeScale, long seed) {
    EmulatorConfig.Builder eb =
        EmulatorConfig.builder().profile(profile).timeScale(timeScale).seed(seed);
    Regions.specs(topology, topology.routerRegion(), perRegion, 0).forEach(eb::replica);
    EmulatorCluster cluster = Emulator.start(eb.build());
    try {
      ProxyConfig.Builder pb =
          ProxyConfig.builder().listen("127.0.0.1", 0).policy("gorgo", Map.of());
      for (EmulatedReplica r : cluster.replicas()) {
        pb.backend(r.name(), r.baseUri(), r.region());
      }
      ProxyServer proxy = ProxyServer.start(pb.build());
      return new DemoCluster(topology, cluster, proxy);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The proxy's base URI (clients send here). */
  URI proxyUri() {
    return proxy.uri();
  }

  /** The replicas. */
  List<EmulatedReplica> replicas() {
    return replicas.replicas();
  }

  /** The region the proxy (and the clients) are in. */
  String proxyRegion() {
    return topology.routerRegion();
  }

  /**
   * Waits until the proxy has measured a round trip to every replica, so the first policy does not
   * start blind.
   *
   * @return whether every replica has an RTT estimate within the timeout
   */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = get("/proxy/status");
      if (status != null && allProbed(status)) {
        return true;
      }
      sleep(100);
    }
    return false;
  }

  private boolean allProbed(JsonNode status) {
    int probed = 0;
    for (JsonNode e : endpoints(status)) {
      JsonNode rtt = e.path("latency").path("avg_ms");
      if (rtt.isNumber() && rtt.asDouble() > 0) {
        probed++;
      }
    }
    return probed >= replicas.replicas().size();
  }

  private static Iterable<JsonNode> endpoints(JsonNode status) {
    JsonNode list = status.path("servers");
    return list.isArray() ? list : List.of();
  }

  /** Switches the proxy's policy (default parameters). */
  void switchPolicy(String policy) {
    String body = "{\"policy\":" + JSON.valueToTree(policy) + "}";
    post("/proxy/policy", body, "switch the policy to " + policy);
  }

  /**
   * Waits until nothing runs anywhere, then clears the proxy's prefix index and flushes every
   * replica's KV cache ({@code /proxy/cache/clear?replicas=true}), retrying while a replica refuses
   * (SGLang refuses to flush while requests run).
   */
  void clearCaches(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      awaitIdle(deadline);
      JsonNode answer = post("/proxy/cache/clear?replicas=true", "", "clear the caches");
      boolean allFlushed = true;
      for (JsonNode r : answer.path("replicas")) {
        allFlushed &= r.asText().equals("flushed");
      }
      if (allFlushed) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "a replica refused to flush its cache: " + answer.path("replicas"));
      }
      sleep(200);
    }
  }

  private void awaitIdle(long deadline) throws InterruptedException {
    while (System.nanoTime() < deadline) {
      boolean idle = proxy.idle();
      for (EmulatedReplica r : replicas.replicas()) {
        ReplicaStats s = r.stats();
        idle &= s.running() == 0 && s.queued() == 0;
      }
      if (idle) {
        return;
      }
      sleep(50);
    }
    throw new IllegalStateException("the cluster did not become idle in time");
  }

  /** Totals of every replica (for cache-hit deltas). */
  Totals totals() {
    long prompt = 0;
    long cached = 0;
    for (EmulatedReplica r : replicas.replicas()) {
      ReplicaStats s = r.stats();
      prompt += s.promptTokensTotal();
      cached += s.cachedTokensTotal();
    }
    return new Totals(prompt, cached);
  }

  /** Prompt and cached-prompt tokens over all replicas. */
  record Totals(long promptTokens, long cachedTokens) {
    double hitRatioSince(Totals before) {
      long p = promptTokens - before.promptTokens;
      return p <= 0 ? Double.NaN : (double) (cachedTokens - before.cachedTokens) / p;
    }
  }

  /** Forgets the proxy's per-request records. */
  void clearRecords() {
    proxy.requestLog().clear();
  }

  /** Requests routed per region since the last {@link #clearRecords()}. */
  Map<String, Integer> routedByRegion() {
    Map<String, Integer> byRegion = new TreeMap<>();
    for (RequestRecord r : proxy.requestLog().snapshot()) {
      if (r.endpointId() != null) {
        byRegion.merge(regionOf.getOrDefault(r.endpointId(), "?"), 1, Integer::sum);
      }
    }
    return byRegion;
  }

  private JsonNode get(String path) {
    Request request = new Request.Builder().url(proxy.uri().resolve(path).toString()).get().build();
    try (Response response = admin.newCall(request).execute()) {
      return response.code() == 200 ? JSON.readTree(response.body().byteStream()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private JsonNode post(String path, String body, String what) {
    Request request =
        new Request.Builder()
            .url(proxy.uri().resolve(path).toString())
            .post(RequestBody.create(body, JSON_TYPE))
            .build();
    try (Response response = admin.newCall(request).execute()) {
      String text = response.body().string();
      if (response.code() != 200) {
        throw new IllegalStateException(
            "cannot " + what + ": the proxy answered " + response.code() + " " + text);
      }
      return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
    }
  }

  private static void sleep(long millis) throws InterruptedException {
    LockSupport.parkNanos(millis * 1_000_000);
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  @Override
  public void close() {
    try {
      proxy.close();
    } finally {
      replicas.close();
      admin.dispatcher().executorService().shutdown();
      admin.connectionPool().evictAll();
    }
  }
}
