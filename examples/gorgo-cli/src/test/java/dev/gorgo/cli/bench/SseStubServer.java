package dev.gorgo.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OpenAI-compatible server on loopback that streams SSE the way SGLang does: a role-only
 * first chunk, one chunk per token, a finish chunk, a usage chunk, {@code [DONE]}. Behaviour per
 * request number (from 1) is chosen by {@link #mode}, so tests can inject each failure kind.
 */
final class SseStubServer implements AutoCloseable {
  enum Mode {
    OK,
    HTTP_503,
    ERROR_EVENT,
    TRUNCATE,
    SLOW
  }

  interface ModeFunction {
    Mode of(int requestNumber);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final java.util.concurrent.ExecutorService executor =
      Executors.newVirtualThreadPerTaskExecutor();
  final AtomicInteger requests = new AtomicInteger();
  final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
  volatile ModeFunction mode = n -> Mode.OK;
  volatile long tokenDelayMillis = 0;

  SseStubServer() throws IOException {
    // small SSE writes must not wait for Nagle's algorithm (40 ms with delayed ACKs)
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/models", this::models);
    server.createContext("/v1/chat/completions", ex -> generate(ex, true));
    server.createContext("/v1/completions", ex -> generate(ex, false));
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void models(HttpExchange ex) throws IOException {
    byte[] body =
        "{\"object\":\"list\",\"data\":[{\"id\":\"stub-model\",\"object\":\"model\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private void generate(HttpExchange ex, boolean chat) throws IOException {
    int n = requests.incrementAndGet();
    JsonNode req = JSON.readTree(ex.getRequestBody());
    bodies.add(req);
    Mode m = mode.of(n);
    if (m == Mode.HTTP_503) {
      byte[] body = "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(503, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
      return;
    }
    int tokens = req.path("max_tokens").asInt(16);
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.getResponseHeaders().add("X-Gorgo-Endpoint", "stub-" + (n % 2));
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      if (chat) {
        event(
            out,
            "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}");
      }
      for (int i = 0; i < tokens; i++) {
        if (m == Mode.ERROR_EVENT && i == 1) {
          event(out, "{\"error\":{\"message\":\"replica died\"}}");
          return;
        }
        if (m == Mode.TRUNCATE && i == 1) {
          return;
        }
        if (m == Mode.SLOW || tokenDelayMillis > 0) {
          try {
            Thread.sleep(m == Mode.SLOW ? 60_000 : tokenDelayMillis);
          } catch (InterruptedException e) {
            return;
          }
        }
        event(
            out,
            chat
                ? "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok \"}}]}"
                : "{\"choices\":[{\"index\":0,\"text\":\"tok \"}]}");
      }
      if (chat) {
        event(out, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}");
      }
      event(
          out,
          "{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":"
              + tokens
              + ",\"total_tokens\":"
              + (tokens + 1)
              + "}}");
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // client went away (time limit): nothing to do
    }
  }

  private static void event(OutputStream out, String json) throws IOException {
    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
