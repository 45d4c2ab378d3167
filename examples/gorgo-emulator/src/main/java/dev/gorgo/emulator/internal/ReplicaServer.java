package dev.gorgo.emulator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorgo.emulator.internal.GenRequest.Route;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP face of one emulated replica: a Helidon SE webserver with SGLang's routes.
 *
 * <p>Every exchange pays the replica's network delay in each direction, including {@code /health}
 * and {@code /metrics}, so RTT probes measure the emulated distance. Unknown paths answer 404 with
 * FastAPI's {@code {"detail":"Not Found"}}.
 *
 * <p>Thread-safe; requests run on Helidon's virtual threads.
 */
public final class ReplicaServer implements AutoCloseable {
  /** SGLang's flush answer, identical for success and refusal; only the status differs. */
  static final String FLUSH_TEXT =
      "Cache flushed.\nPlease check backend logs for more details. (When there are running or"
          + " waiting requests, the operation will not be performed.)\n";

  private final Replica replica;
  private final WebServer server;
  private final Instant started = Instant.now();

  /**
   * Creates and starts the server.
   *
   * @param replica the replica state
   * @param host address to bind
   * @param port port, 0 for ephemeral
   */
  public ReplicaServer(Replica replica, String host, int port) {
    this.replica = replica;
    GenerationHandler chat = new GenerationHandler(replica, Route.CHAT);
    GenerationHandler completion = new GenerationHandler(replica, Route.COMPLETION);
    GenerationHandler generate = new GenerationHandler(replica, Route.GENERATE);
    HttpRouting.Builder routing =
        HttpRouting.builder()
            .post("/v1/chat/completions", chat::handle)
            .post("/v1/completions", completion::handle)
            .route(Method.POST, "/generate", generate::handle)
            .route(Method.PUT, "/generate", generate::handle)
            .get("/v1/models", delayed(this::models))
            .get("/v1/models/{id}", delayed(this::model))
            .get("/get_model_info", delayed(this::modelInfo))
            .get("/model_info", delayed(this::modelInfo))
            .get("/get_server_info", delayed(this::serverInfo))
            .get("/server_info", delayed(this::serverInfo))
            .get("/get_load", delayed(this::load))
            .get("/flush_cache", delayed(this::flush))
            .post("/flush_cache", delayed(this::flush))
            .get("/health", delayed(this::health))
            .get("/health_generate", delayed(this::healthGenerate))
            .get("/ping", delayed((req, res) -> res.send()))
            .get("/metrics", delayed(this::metrics))
            .any(delayed(this::notFound));
    this.server =
        WebServer.builder()
            .host(host)
            .port(port)
            .shutdownGracePeriod(Duration.ofMillis(200))
            // stream events are small writes; Nagle plus delayed ACKs would hold them back
            .connectionOptions(o -> o.tcpNoDelay(true))
            .routing(routing)
            .build()
            .start();
  }

  /**
   * Returns the bound port.
   *
   * @return the port
   */
  public int port() {
    return server.port();
  }

  /**
   * Returns the base URI, e.g. {@code http://127.0.0.1:30000}.
   *
   * @param host the host used in the URI
   * @return the URI
   */
  public URI baseUri(String host) {
    return URI.create("http://" + host + ":" + port());
  }

  /**
   * Returns whether the server is running.
   *
   * @return {@code true} until {@link #close()}
   */
  public boolean isRunning() {
    return server.isRunning();
  }

  /**
   * Kills the replica as a crash would: responses in flight stop where they are (a stream is cut
   * without its final events), the port closes, the engine stops. Idempotent.
   */
  public void kill() {
    replica.kill();
    if (server.isRunning()) {
      server.stop();
    }
    replica.driver.close();
  }

  /** Stops the engine (live requests end with 503), then the webserver. Idempotent. */
  @Override
  public void close() {
    replica.driver.close();
    if (server.isRunning()) {
      server.stop();
    }
  }

  private interface SimpleHandler {
    void handle(ServerRequest req, ServerResponse res) throws Exception;
  }

  private io.helidon.webserver.http.Handler delayed(SimpleHandler h) {
    return (req, res) -> {
      replica.inbound();
      h.handle(req, res);
    };
  }

  private void json(ServerResponse res, int status, Object body) {
    try {
      send(res, status, "application/json", replica.json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void send(ServerResponse res, int status, String contentType, byte[] body) {
    replica.outbound(System.nanoTime());
    res.status(status);
    if (contentType != null) {
      res.header(HeaderNames.CONTENT_TYPE, contentType);
    }
    try {
      res.send(body);
    } catch (UncheckedIOException | ServerConnectionException e) {
      // client gone
    }
  }

  private ObjectNode card() {
    ObjectNode m = replica.json.createObjectNode();
    m.put("id", replica.modelName)
        .put("object", "model")
        .put("created", started.getEpochSecond())
        .put("owned_by", "sglang")
        .put("root", replica.modelName)
        .putNull("parent")
        .put("max_model_len", replica.contextLength);
    return m;
  }

  private void models(ServerRequest req, ServerResponse res) {
    ObjectNode o = replica.json.createObjectNode().put("object", "list");
    o.putArray("data").add(card());
    json(res, 200, o);
  }

  private void model(ServerRequest req, ServerResponse res) {
    String id = req.path().pathParameters().get("id");
    if (replica.modelName.equals(id)) {
      json(res, 200, card());
      return;
    }
    ObjectNode o = replica.json.createObjectNode();
    o.putObject("error")
        .put("message", "The model '" + id + "' does not exist")
        .put("type", "invalid_request_error")
        .put("param", "model")
        .put("code", "model_not_found");
    json(res, 404, o);
  }

  private void modelInfo(ServerRequest req, ServerResponse res) {
    ObjectNode o = replica.json.createObjectNode();
    o.put("model_path", replica.modelName)
        .put("tokenizer_path", replica.modelName)
        .put("is_generation", true)
        .putNull("preferred_sampling_params")
        .put("weight_version", "default")
        .put("has_image_understanding", false)
        .put("has_audio_understanding", false)
        .put("model_type", "llama");
    o.putArray("architectures").add("LlamaForCausalLM");
    json(res, 200, o);
  }

  private void serverInfo(ServerRequest req, ServerResponse res) {
    EngineSpec spec = replica.driver.spec();
    ReplicaMetrics.Counters c = replica.driver.metrics().counters();
    ObjectNode o = replica.json.createObjectNode();
    o.put("model_path", replica.modelName)
        .put("served_model_name", replica.modelName)
        .put("host", "127.0.0.1")
        .put("port", port())
        .put("max_running_requests", spec.maxRunning())
        .put("max_total_tokens", spec.kvCapacityTokens())
        .put("chunked_prefill_size", spec.chunkedPrefillTokens())
        .put("max_prefill_tokens", 16_384)
        .put("page_size", spec.pageSize())
        .put("schedule_policy", "fcfs")
        .put("disable_radix_cache", false)
        .put("tp_size", 1)
        .put("dp_size", 1)
        .put("pp_size", 1)
        .put("context_length", replica.contextLength)
        .put("enable_metrics", true)
        .put("enable_cache_report", replica.cacheReport)
        .put("decode_log_interval", 40)
        .put("status", "ready")
        .put("max_total_num_tokens", spec.kvCapacityTokens())
        .put("max_req_input_len", replica.contextLength - 6);
    ObjectNode state = o.putArray("internal_states").addObject();
    state
        .put("max_running_requests", spec.maxRunning())
        .put("effective_max_running_requests_per_dp", spec.maxRunning())
        .put("max_total_num_tokens", spec.kvCapacityTokens())
        .put("page_size", spec.pageSize())
        .put("last_gen_throughput", 0.0)
        .put("use_mla_backend", false);
    state
        .putObject("memory_usage")
        .put("weight", 14.0)
        .put("kvcache", spec.kvCapacityTokens() * 131_072.0 / 1e9)
        .put("token_capacity", spec.kvCapacityTokens())
        .put("graph", 0.5);
    o.put("version", "0.5.0-gorgo-emulator");
    ObjectNode emu = o.putObject("gorgo_emulator");
    emu.put("replica", replica.name)
        .put("region", replica.region)
        .put("profile", replica.profile)
        .put("time_scale", replica.driver.clock().scale())
        .put("one_way_delay_ms", replica.oneWayDelayNanos() / 1e6)
        .put("running", c.running())
        .put("queued", c.queued());
    json(res, 200, o);
  }

  private void load(ServerRequest req, ServerResponse res) {
    ReplicaMetrics.Counters c = replica.driver.metrics().counters();
    EngineSpec spec = replica.driver.spec();
    var arr = replica.json.createArrayNode();
    arr.addObject()
        .put("dp_rank", 0)
        .put("num_reqs", c.running() + c.queued())
        .put("num_waiting_reqs", c.queued())
        .put("num_tokens", Math.round(c.kvUsage() * spec.kvCapacityTokens()));
    json(res, 200, arr);
  }

  private void flush(ServerRequest req, ServerResponse res) throws Exception {
    boolean ok = replica.driver.flushCache().get(10, TimeUnit.SECONDS);
    send(
        res,
        ok ? 200 : 400,
        "text/plain; charset=utf-8",
        FLUSH_TEXT.getBytes(StandardCharsets.UTF_8));
  }

  private void health(ServerRequest req, ServerResponse res) {
    send(res, replica.healthy() && replica.driver.isRunning() ? 200 : 503, null, new byte[0]);
  }

  private void healthGenerate(ServerRequest req, ServerResponse res) throws InterruptedException {
    if (!replica.healthy() || !replica.driver.isRunning()) {
      send(res, 503, null, new byte[0]);
      return;
    }
    Generation g = replica.driver.submit(new int[] {0}, new int[] {0}, true);
    Generation.Event e;
    do {
      e = g.next(TimeUnit.SECONDS.toNanos(20));
    } while (e instanceof Generation.Token);
    if (!(e instanceof Generation.Finished)) {
      replica.driver.abort(g);
    }
    send(res, e instanceof Generation.Finished ? 200 : 503, null, new byte[0]);
  }

  private void metrics(ServerRequest req, ServerResponse res) {
    send(
        res,
        200,
        "text/plain; version=0.0.4; charset=utf-8",
        replica.driver.metrics().render().getBytes(StandardCharsets.UTF_8));
  }

  private void notFound(ServerRequest req, ServerResponse res) {
    json(res, 404, replica.json.createObjectNode().put("detail", "Not Found"));
  }
}
