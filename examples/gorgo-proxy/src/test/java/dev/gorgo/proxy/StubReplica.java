package dev.gorgo.proxy;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, real SGLang-shaped HTTP server on loopback for fault injection the emulator does not
 * offer: dying in the middle of a stream, answering with an error status, stalling before the first
 * token. Speaks the OpenAI chat/completions and SGLang /generate shapes (stream and not),
 * /v1/models, /metrics, /get_server_info and /flush_cache.
 */
final class StubReplica implements AutoCloseable {
  enum Mode {
    NORMAL,
    /** Send two events, then drop the connection without [DONE]. */
    DIE_MID_STREAM,
    /** Answer 503 (SGLang's queue-full answer). */
    STATUS_503,
    /** Hold the request until released (to keep it in flight). */
    HOLD
  }

  final String model;
  volatile Mode mode = Mode.NORMAL;
  volatile int tokens = 4;
  volatile Duration tokenDelay = Duration.ZERO;
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger completed = new AtomicInteger();
  final AtomicInteger aborted = new AtomicInteger();
  final List<String> hopHeaders = new CopyOnWriteArrayList<>();
  final List<String> requestIds = new CopyOnWriteArrayList<>();
  private final Object hold = new Object();
  private volatile boolean released;
  private final WebServer server;

  StubReplica(String model) {
    this.model = model;
    this.server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(0)
            .routing(
                HttpRouting.builder()
                    .post("/v1/chat/completions", (req, res) -> generate(req, res, "chat"))
                    .post("/v1/completions", (req, res) -> generate(req, res, "text"))
                    .post("/generate", (req, res) -> generate(req, res, "native"))
                    .get("/v1/models", this::models)
                    .get("/metrics", this::metrics)
                    .get("/get_server_info", this::serverInfo)
                    .post("/flush_cache", (req, res) -> res.send("Cache flushed."))
                    .get("/health", (req, res) -> res.send()))
            .build()
            .start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  void release() {
    synchronized (hold) {
      released = true;
      hold.notifyAll();
    }
  }

  private void models(ServerRequest req, ServerResponse res) {
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(
        ("{\"object\":\"list\",\"data\":[{\"id\":\""
                + model
                + "\",\"object\":\"model\",\"created\":0,\"owned_by\":\"sglang\",\"root\":\""
                + model
                + "\",\"parent\":null,\"max_model_len\":32768}]}")
            .getBytes(StandardCharsets.UTF_8));
  }

  private void metrics(ServerRequest req, ServerResponse res) {
    res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4");
    String labels =
        "{model_name=\"" + model + "\",engine_type=\"unified\",tp_rank=\"0\",pp_rank=\"0\"}";
    res.send(
        ("# TYPE sglang:num_running_reqs gauge\nsglang:num_running_reqs"
                + labels
                + " "
                + inFlight.get()
                + "\n# TYPE sglang:num_queue_reqs gauge\nsglang:num_queue_reqs"
                + labels
                + " 0\n# TYPE sglang:token_usage gauge\nsglang:token_usage"
                + labels
                + " 0.01\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  private void serverInfo(ServerRequest req, ServerResponse res) {
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(
        "{\"max_running_requests\":10,\"max_total_num_tokens\":100000,\"page_size\":1,\"status\":\"ready\"}"
            .getBytes(StandardCharsets.UTF_8));
  }

  private void generate(ServerRequest req, ServerResponse res, String shape) {
    requests.incrementAndGet();
    inFlight.incrementAndGet();
    req.headers().first(HeaderNames.create("X-Gorgo-Hop")).ifPresent(hopHeaders::add);
    req.headers().first(HeaderNames.create("X-Request-ID")).ifPresent(requestIds::add);
    try {
      String body = req.content().as(String.class);
      boolean stream = body.replace(" ", "").contains("\"stream\":true");
      Mode m = mode;
      if (m == Mode.STATUS_503) {
        res.status(Status.SERVICE_UNAVAILABLE_503);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(
            "{\"object\":\"error\",\"message\":\"The request queue is full.\",\"type\":\"503\",\"param\":null,\"code\":503}"
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (m == Mode.HOLD) {
        synchronized (hold) {
          while (!released) {
            hold.wait();
          }
        }
      }
      if (!stream) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(full(shape).getBytes(StandardCharsets.UTF_8));
        completed.incrementAndGet();
        return;
      }
      res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
      OutputStream out = res.outputStream();
      try {
        int n = tokens;
        for (int i = 0; i < n; i++) {
          if (m == Mode.DIE_MID_STREAM && i == 2) {
            throw new Died();
          }
          sleep(tokenDelay);
          out.write(
              ("data: " + chunk(shape, i, i == n - 1) + "\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.close();
        completed.incrementAndGet();
      } catch (Died e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        // Helidon reports a write to a closed connection with various runtime exceptions.
        aborted.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static void sleep(Duration d) throws InterruptedException {
    if (!d.isZero()) {
      Thread.sleep(d);
    }
  }

  private String chunk(String shape, int i, boolean last) {
    String finish = last ? "\"length\"" : "null";
    return switch (shape) {
      case "chat" ->
          "{\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\""
              + model
              + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok"
              + i
              + " \"},\"logprobs\":null,\"finish_reason\":"
              + finish
              + "}]}";
      case "text" ->
          "{\"id\":\"s1\",\"object\":\"text_completion\",\"created\":1,\"model\":\""
              + model
              + "\",\"choices\":[{\"index\":0,\"text\":\"tok"
              + i
              + " \",\"logprobs\":null,\"finish_reason\":"
              + finish
              + "}]}";
      default ->
          "{\"text\":\"tok"
              + i
              + "\",\"output_ids\":[1],\"meta_info\":{\"id\":\"s1\",\"prompt_tokens\":3,\"completion_tokens\":"
              + (i + 1)
              + ",\"cached_tokens\":0,\"finish_reason\":"
              + (last ? "{\"type\":\"length\",\"length\":" + (i + 1) + "}" : "null")
              + "}}";
    };
  }

  private String full(String shape) {
    return switch (shape) {
      case "chat" ->
          "{\"id\":\"s1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\""
              + model
              + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"tok0 tok1\"},"
              + "\"logprobs\":null,\"finish_reason\":\"length\"}],"
              + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}";
      case "text" ->
          "{\"id\":\"s1\",\"object\":\"text_completion\",\"created\":1,\"model\":\""
              + model
              + "\",\"choices\":[{\"index\":0,\"text\":\"tok0 tok1\",\"logprobs\":null,\"finish_reason\":\"length\"}],"
              + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}";
      default ->
          "{\"text\":\"tok0 tok1\",\"output_ids\":[1,2],\"meta_info\":{\"id\":\"s1\",\"prompt_tokens\":3,"
              + "\"completion_tokens\":2,\"cached_tokens\":0,\"finish_reason\":{\"type\":\"length\",\"length\":2}}}";
    };
  }

  /** Thrown to make Helidon drop the connection in the middle of a chunked answer. */
  private static final class Died extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Died() {
      super("stub replica dies mid-stream", null, false, false);
    }
  }

  @Override
  public void close() {
    release();
    server.stop();
  }
}
