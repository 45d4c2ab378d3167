package dev.gorgo.proxy.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gorgo.api.Endpoint;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.UnknownPolicyException;
import dev.gorgo.proxy.ProxyServer;
import dev.gorgo.proxy.http.ApiError;
import dev.gorgo.proxy.http.Http;
import dev.gorgo.proxy.observe.RequestLog;
import dev.gorgo.router.EndpointStatus;
import dev.gorgo.sglang.FlushResult;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@code /proxy/*} management endpoints (the original proxy's set, with its JSON keys where
 * they existed, plus traces). Every call passes {@link AdminAuth} first.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>GET /proxy/status</td><td>policy, queue, and per endpoint: health, load, RTT, trie
 *   symbols</td></tr>
 *   <tr><td>GET|POST|DELETE /proxy/servers</td><td>list; add {@code {id, url, region,
 *   maxRunning}} (or the original's {@code {ip, port}}); remove {@code ?id=}</td></tr>
 *   <tr><td>GET|POST /proxy/policy</td><td>current and known policies; switch with {@code
 *   {"policy": name, "parameters": {...}}} or {@code ?set=name}; unknown names are a 400 listing
 *   the known ones</td></tr>
 *   <tr><td>GET|POST /proxy/tune</td><td>cost parameters of the current policy</td></tr>
 *   <tr><td>POST /proxy/cache/clear</td><td>forget the router's prefix index; {@code
 *   ?replicas=true} also flushes every replica's cache (refusals reported per replica)</td></tr>
 *   <tr><td>GET /proxy/prefix/stats</td><td>symbols the router believes each endpoint caches</td></tr>
 *   <tr><td>GET /proxy/latency</td><td>RTT estimate per endpoint</td></tr>
 *   <tr><td>GET /proxy/metrics/summary, /export; POST /clear, /enable</td><td>per-request
 *   records: summary, CSV, reset, on/off</td></tr>
 *   <tr><td>POST|GET /proxy/trace/start, /stop, GET /status</td><td>Chrome trace-event
 *   recording</td></tr>
 * </table>
 */
public final class ManagementService implements HttpService {
  private static final DateTimeFormatter FILE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT);

  private final ProxyServer proxy;
  private final AdminAuth auth;

  /** Creates the service for a proxy. */
  public ManagementService(ProxyServer proxy, AdminAuth auth) {
    this.proxy = proxy;
    this.auth = auth;
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .any(
            (req, res) -> {
              auth.check(req);
              res.next();
            })
        .get("/status", (req, res) -> Http.sendJson(res, status()))
        .get("/servers", (req, res) -> Http.sendJson(res, servers()))
        .post("/servers", this::addServer)
        .delete("/servers", this::removeServer)
        .get("/policy", this::policy)
        .post("/policy", this::policy)
        .put("/policy", this::policy)
        .get("/tune", (req, res) -> Http.sendJson(res, proxy.policy().describe()))
        .post("/tune", this::tune)
        .post("/cache/clear", this::clearCache)
        .get("/prefix/stats", (req, res) -> Http.sendJson(res, prefixStats()))
        .get("/latency", (req, res) -> Http.sendJson(res, latency()))
        .get("/metrics/summary", (req, res) -> Http.sendJson(res, proxy.requestLog().summary()))
        .get("/metrics/export", this::export)
        .post("/metrics/clear", this::clearMetrics)
        .post("/metrics/enable", this::enableMetrics)
        .any("/trace/start", (req, res) -> Http.sendJson(res, traceStart()))
        .any("/trace/stop", this::traceStop)
        .get("/trace/status", (req, res) -> Http.sendJson(res, proxy.trace().status()));
  }

  private Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("running", true);
    out.put(
        "uptime_seconds", Duration.between(proxy.started(), java.time.Instant.now()).toSeconds());
    out.put("mode", proxy.config().mode().name().toLowerCase(Locale.ROOT));
    if (proxy.config().localId() != null) {
      out.put("local_id", proxy.config().localId());
    }
    out.put("routing_policy", proxy.policy().name());
    out.put("policy_parameters", proxy.policy().describe().get("parameters"));
    out.put("queue_size", proxy.router().queueDepth());
    out.put("servers", servers());
    return out;
  }

  private List<Map<String, Object>> servers() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (EndpointStatus s : proxy.router().status()) {
      Endpoint e = s.endpoint();
      EndpointState st = s.state();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.id());
      m.put("url", e.baseUri().toString());
      m.put("ip", e.baseUri().getHost());
      m.put("port", e.baseUri().getPort());
      m.put("region", e.region());
      m.put("healthy", st.health() != dev.gorgo.api.Health.UNHEALTHY);
      m.put("health", st.health().name().toLowerCase(Locale.ROOT));
      m.put("eligible", st.eligible());
      m.put("max_running", e.maxRunning());
      m.put("kv_capacity_tokens", e.kvCapacityTokens());
      m.put("running_reqs", st.engineRunning());
      m.put("waiting_reqs", st.engineQueued());
      m.put("gpu_cache_usage", st.kvUsage());
      m.put(
          "metrics_age_ms",
          st.engineAgeNanos() == Long.MAX_VALUE ? null : st.engineAgeNanos() / 1_000_000);
      m.put("proxy_tracked_running", st.inflightPrefilling() + st.inflightDecoding());
      m.put("prefilling", st.inflightPrefilling());
      m.put("decoding", st.inflightDecoding());
      m.put("prefilling_tokens", st.prefillingTokens());
      m.put("decoding_tokens", st.decodingTokens());
      m.put("latency", Map.of("avg_ms", round(st.rttMillis())));
      m.put("trie_symbols", s.trieSymbols());
      if (e.labels().containsKey(dev.gorgo.proxy.serve.InferenceHandler.PEER_LABEL)) {
        m.put("peer_proxy", e.labels().get(dev.gorgo.proxy.serve.InferenceHandler.PEER_LABEL));
      }
      out.add(m);
    }
    return out;
  }

  private void addServer(ServerRequest req, ServerResponse res) {
    JsonNode body = json(req);
    String url = text(body, "url");
    String ip = text(body, "ip");
    int port = body.path("port").asInt(0);
    if (url == null && ip != null) {
      url = "http://" + ip + ":" + (port > 0 ? port : 30000);
    }
    if (url == null) {
      throw ApiError.badRequest("missing_url", "give \"url\" (or \"ip\" and \"port\")");
    }
    URI uri;
    try {
      uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (URISyntaxException e) {
      throw ApiError.badRequest("bad_url", "'" + url + "' is not a URL");
    }
    if (uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw ApiError.badRequest("bad_url", "'" + url + "' is not an http(s) URL with a host");
    }
    String id = text(body, "id");
    if (id == null) {
      id = uri.getHost() + ":" + uri.getPort();
    }
    if (!id.matches("[A-Za-z0-9._:-]{1,64}")) {
      throw ApiError.badRequest("bad_id", "id must be 1-64 characters of A-Z a-z 0-9 . _ : -");
    }
    String region = text(body, "region");
    int maxRunning =
        body.path("maxRunning").asInt(body.path("max_running").asInt(Endpoint.DEFAULT_MAX_RUNNING));
    Endpoint e;
    try {
      e = new Endpoint(id, uri, region == null ? "default" : region, Map.of(), maxRunning, 0);
      proxy.router().addEndpoint(e);
    } catch (IllegalArgumentException | IllegalStateException ex) {
      throw new ApiError(409, "invalid_request_error", "conflict", null, ex.getMessage(), -1);
    }
    proxy.models().invalidate();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("added", id);
    out.put("url", uri.toString());
    out.put("region", e.region());
    Http.sendJson(res, 201, out);
  }

  private void removeServer(ServerRequest req, ServerResponse res) {
    String id = req.query().first("id").orElse(null);
    if (id == null) {
      throw ApiError.badRequest("missing_id", "give the server to remove as ?id=");
    }
    if (!proxy.router().removeEndpoint(id)) {
      throw ApiError.notFound("no server with id '" + id + "'");
    }
    proxy.models().invalidate();
    Http.sendJson(res, Map.of("removed", id));
  }

  private void policy(ServerRequest req, ServerResponse res) {
    String name = req.query().first("set").orElse(null);
    Map<String, String> params = Map.of();
    if (name == null && req.content().hasEntity()) {
      byte[] raw = Http.readBody(req, 64 * 1024);
      String text = new String(raw, StandardCharsets.UTF_8).strip();
      if (text.startsWith("{")) {
        JsonNode body = parse(raw);
        name = text(body, "policy");
        if (name == null) {
          name = text(body, "name");
        }
        params = stringMap(body.path("parameters"));
      } else if (!text.isEmpty()) {
        name = text;
      }
    }
    if (name == null) {
      Http.sendJson(res, proxy.policy().describe());
      return;
    }
    try {
      Http.sendJson(res, proxy.policy().switchTo(name, params));
    } catch (UnknownPolicyException e) {
      throw new ApiError(
          400, "invalid_request_error", "unknown_policy", "policy", e.getMessage(), -1);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("bad_policy_parameter", e.getMessage());
    }
  }

  private void tune(ServerRequest req, ServerResponse res) {
    Map<String, String> changes = stringMap(json(req));
    try {
      Http.sendJson(res, proxy.policy().tune(changes));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("bad_policy_parameter", e.getMessage());
    }
  }

  private void clearCache(ServerRequest req, ServerResponse res) {
    boolean replicas = req.query().first("replicas").map(Boolean::parseBoolean).orElse(false);
    if (!replicas && req.content().hasEntity()) {
      byte[] raw = Http.readBody(req, 64 * 1024);
      if (raw.length > 0) {
        replicas = parse(raw).path("replicas").asBoolean(false);
      }
    }
    long before = 0;
    for (EndpointStatus s : proxy.router().status()) {
      before += s.trieSymbols();
    }
    proxy.router().clearPrefixCache();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("symbols_cleared", before);
    if (replicas) {
      Map<String, Object> flushed = new LinkedHashMap<>();
      List<Endpoint> eps = proxy.router().endpoints();
      try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<FlushResult>> results = new ArrayList<>();
        for (Endpoint e : eps) {
          results.add(ex.submit(() -> proxy.client().flushCache(e.baseUri())));
        }
        for (int i = 0; i < eps.size(); i++) {
          FlushResult r;
          try {
            r = results.get(i).get();
          } catch (Exception e) {
            r = FlushResult.UNAVAILABLE;
          }
          flushed.put(eps.get(i).id(), r.name().toLowerCase(Locale.ROOT));
          if (r != FlushResult.FLUSHED) {
            out.put("success", false);
          }
        }
      }
      out.put("replicas", flushed);
    }
    Http.sendJson(res, out);
  }

  private Map<String, Object> prefixStats() {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> per = new LinkedHashMap<>();
    long total = 0;
    for (EndpointStatus s : proxy.router().status()) {
      per.put(s.endpoint().id(), s.trieSymbols());
      total += s.trieSymbols();
    }
    out.put("symbols_per_server", per);
    out.put("total_server_symbols", total);
    out.put("unique_server_count", per.size());
    out.put("keyer", proxy.config().keyer());
    return out;
  }

  private Map<String, Object> latency() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (EndpointStatus s : proxy.router().status()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ip", s.endpoint().baseUri().getHost());
      m.put("port", s.endpoint().baseUri().getPort());
      m.put("avg_ms", round(s.state().rttMillis()));
      m.put("healthy", s.state().health() != dev.gorgo.api.Health.UNHEALTHY);
      out.put(s.endpoint().id(), m);
    }
    return out;
  }

  private void export(ServerRequest req, ServerResponse res) {
    List<dev.gorgo.proxy.observe.RequestRecord> records = proxy.requestLog().snapshot();
    String name = "proxy_metrics_" + LocalDateTime.now().format(FILE_STAMP) + ".csv";
    res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
    res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=" + name);
    try (Writer w = new OutputStreamWriter(res.outputStream(), StandardCharsets.UTF_8)) {
      RequestLog.writeCsv(records, w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void clearMetrics(ServerRequest req, ServerResponse res) {
    int n = proxy.requestLog().clear();
    Http.sendJson(res, Map.of("success", true, "cleared", n));
  }

  private void enableMetrics(ServerRequest req, ServerResponse res) {
    JsonNode body = json(req);
    if (!body.path("enabled").isBoolean()) {
      throw ApiError.badRequest("missing_enabled", "give {\"enabled\": true|false}");
    }
    boolean on = body.path("enabled").asBoolean();
    proxy.requestLog().enabled(on);
    Http.sendJson(res, Map.of("success", true, "enabled", on));
  }

  private Map<String, Object> traceStart() {
    Map<String, Object> out = new LinkedHashMap<>(proxy.trace().start());
    out.put("status", "started");
    out.put("hint", "POST /proxy/trace/stop to download the trace; open it in ui.perfetto.dev");
    return out;
  }

  private void traceStop(ServerRequest req, ServerResponse res) {
    byte[] doc = proxy.trace().stop();
    if (doc == null) {
      throw new ApiError(
          409,
          "invalid_request_error",
          "no_trace",
          null,
          "no trace is running; start one first",
          -1);
    }
    res.header(HeaderNames.CONTENT_TYPE, Http.APPLICATION_JSON);
    res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=trace.json");
    res.send(doc);
  }

  // ---------------------------------------------------------------- request bodies

  private static JsonNode json(ServerRequest req) {
    if (!req.content().hasEntity()) {
      return Http.JSON.createObjectNode();
    }
    byte[] raw = Http.readBody(req, 64 * 1024);
    return raw.length == 0 ? Http.JSON.createObjectNode() : parse(raw);
  }

  private static JsonNode parse(byte[] raw) {
    try {
      JsonNode n = Http.JSON.readTree(raw);
      if (n == null || !n.isObject()) {
        throw ApiError.badRequest("malformed_json", "the body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw ApiError.badRequest("malformed_json", "the body is not valid JSON");
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText().strip();
  }

  private static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || !node.isObject()) {
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode()) {
        throw ApiError.badRequest("bad_policy_parameter", e.getKey() + " must be a single value");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
