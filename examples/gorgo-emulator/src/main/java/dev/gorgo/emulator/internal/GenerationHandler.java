package dev.gorgo.emulator.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorgo.emulator.internal.GenRequest.Route;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Serves the generating routes ({@code /v1/chat/completions}, {@code /v1/completions}, {@code
 * /generate}) in SGLang's shapes, streaming and not.
 *
 * <p>A request is parsed (400 on bad input, before anything is queued), delayed by the inbound
 * network delay, submitted to the engine, and then answered from the engine's events. Like SGLang,
 * a stream's headers are sent only with the first token, so refusals (queue full, shutdown) before
 * it are plain HTTP errors. Each event is written at the wall time the model produced it plus the
 * outbound delay, and flushed. If a write fails because the client went away, the request is
 * aborted in the engine, which frees its slot and KV at once; a non-streaming client that leaves is
 * noticed only when its answer is written (SGLang notices within a few seconds).
 *
 * <p>Runs on the server's virtual threads; one handler invocation per request; stateless.
 */
public final class GenerationHandler {
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final long WAIT_NANOS = TimeUnit.MINUTES.toNanos(30);

  private final Replica replica;
  private final Route route;

  /**
   * Creates the handler of one route.
   *
   * @param replica the replica
   * @param route the route
   */
  public GenerationHandler(Replica replica, Route route) {
    this.replica = replica;
    this.route = route;
  }

  /**
   * Handles one request.
   *
   * @param req the request
   * @param res the response
   */
  public void handle(ServerRequest req, ServerResponse res) {
    replica.inbound();
    GenRequest r;
    try {
      if (route != Route.GENERATE) {
        String ct = req.headers().value(HeaderNames.CONTENT_TYPE).orElse("");
        if (!ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
          throw ApiException.badRequest(
              "Unsupported Media Type: Only 'application/json' is allowed");
        }
      }
      r = replica.parser.parse(route, req.content().as(byte[].class));
    } catch (ApiException e) {
      error(res, e.status(), e.getMessage(), e.type(), System.nanoTime());
      return;
    }
    String id = r.rid() != null ? r.rid() : requestId();
    int[] words = replica.synth.words(r.prompt(), r.maxTokens());
    Generation g = replica.driver.submit(r.prompt(), TextSynth.tokenIds(words), false);
    try {
      Generation.Event first = g.next(WAIT_NANOS);
      if (first == null) {
        replica.driver.abort(g);
        error(res, 504, "The request timed out in the emulator.", "504", System.nanoTime());
      } else if (first instanceof Generation.Failed f && !(r.stream() && f.status() == 503)) {
        error(res, f.status(), f.message(), Integer.toString(f.status()), f.wallNanos());
      } else if (r.stream()) {
        // as SGLang: an overloaded server answers a stream with 200, an error event and [DONE]
        stream(res, r, id, g, first, words);
      } else {
        whole(res, r, id, g, first, words);
      }
    } catch (InterruptedException e) {
      replica.driver.abort(g);
      Thread.currentThread().interrupt();
    }
  }

  private void whole(
      ServerResponse res, GenRequest r, String id, Generation g, Generation.Event e, int[] words)
      throws InterruptedException {
    List<Integer> ids = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    while (e instanceof Generation.Token t) {
      ids.add(TextSynth.tokenId(words[t.index()]));
      text.append(TextSynth.text(words[t.index()]));
      e = g.next(WAIT_NANOS);
    }
    if (!(e instanceof Generation.Finished done)) {
      failed(res, g, e);
      return;
    }
    ObjectNode body;
    if (route == Route.GENERATE) {
      body = generateObject(r, id, text, ids, done.outputTokens(), done.cachedTokens(), done);
    } else {
      body = completionObject(r, id, text.toString(), done.outputTokens());
      body.set("usage", usage(r, done.outputTokens(), done.cachedTokens()));
      body.putObject("metadata").put("weight_version", "default");
    }
    send(res, 200, "application/json", bytes(body), done.wallNanos());
  }

  private void stream(
      ServerResponse res, GenRequest r, String id, Generation g, Generation.Event e, int[] words)
      throws InterruptedException {
    long created = System.currentTimeMillis() / 1000;
    replica.outbound(e.wallNanos());
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    res.status(200);
    // Helidon writes every write() as its own chunk; buffer so that one event is one chunk.
    OutputStream out = new java.io.BufferedOutputStream(res.outputStream(), 8192);
    List<Integer> ids = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    try {
      if (route == Route.CHAT && e instanceof Generation.Token) {
        ObjectNode delta =
            replica.json.createObjectNode().put("role", "assistant").put("content", "");
        event(out, chunk(r, id, created, delta, null));
      }
      while (e instanceof Generation.Token t) {
        due(out, t.wallNanos());
        String piece = TextSynth.text(words[t.index()]);
        ids.add(TextSynth.tokenId(words[t.index()]));
        text.append(piece);
        boolean last = t.index() == r.maxTokens() - 1;
        ObjectNode ev =
            switch (route) {
              case CHAT ->
                  chunk(
                      r, id, created, replica.json.createObjectNode().put("content", piece), null);
              case COMPLETION ->
                  textChunk(r, id, created, piece, last ? finishReason(r, ids.size()) : null);
              case GENERATE -> generateObject(r, id, text, ids, ids.size(), t.cachedTokens(), null);
            };
        if (r.continuousUsage() && route != Route.GENERATE) {
          ev.set("usage", usage(r, ids.size(), t.cachedTokens()));
        }
        event(out, ev);
        e = g.next(0);
        if (e == null) {
          out.flush(); // nothing more is ready: the client must see what it has
          e = g.next(WAIT_NANOS);
        }
      }
      if (e instanceof Generation.Finished done) {
        due(out, done.wallNanos());
        if (route == Route.GENERATE) {
          event(
              out,
              generateObject(r, id, text, ids, done.outputTokens(), done.cachedTokens(), done));
        } else {
          if (route == Route.CHAT) {
            event(
                out,
                chunk(
                    r,
                    id,
                    created,
                    replica.json.createObjectNode(),
                    finishReason(r, done.outputTokens())));
          } else if (done.outputTokens() < r.maxTokens()) {
            event(out, textChunk(r, id, created, "", finishReason(r, done.outputTokens())));
          }
          if (r.includeUsage()) {
            ObjectNode u =
                base(
                    r,
                    id,
                    created,
                    route == Route.CHAT ? "chat.completion.chunk" : "text_completion");
            u.putArray("choices");
            u.set("usage", usage(r, done.outputTokens(), done.cachedTokens()));
            event(out, u);
          }
        }
      } else {
        long at = e == null ? System.nanoTime() : e.wallNanos();
        due(out, at);
        int status = e instanceof Generation.Failed f ? f.status() : 504;
        String msg = e instanceof Generation.Failed f ? f.message() : "The request timed out.";
        if (e == null) {
          replica.driver.abort(g);
        }
        ObjectNode err = replica.json.createObjectNode();
        err.putObject("error")
            .put("message", msg)
            .put("type", Integer.toString(status))
            .put("code", status);
        event(out, err);
      }
      replica.checkAlive();
      out.write(DONE);
      out.flush();
      out.close();
    } catch (UncheckedIOException | IOException | ServerConnectionException ex) {
      // The client went away: free the slot now, as SGLang does when the stream ends.
      replica.driver.abort(g);
    }
  }

  private void failed(ServerResponse res, Generation g, Generation.Event e) {
    if (e instanceof Generation.Failed f) {
      error(res, f.status(), f.message(), Integer.toString(f.status()), f.wallNanos());
    } else {
      replica.driver.abort(g);
      error(res, 504, "The request timed out in the emulator.", "504", System.nanoTime());
    }
  }

  private String finishReason(GenRequest r, int outputTokens) {
    return outputTokens >= r.maxTokens() ? "length" : "stop";
  }

  private ObjectNode base(GenRequest r, String id, long created, String object) {
    ObjectNode o = replica.json.createObjectNode();
    o.put("id", id).put("object", object).put("created", created).put("model", r.model());
    return o;
  }

  private ObjectNode chunk(GenRequest r, String id, long created, ObjectNode delta, String finish) {
    ObjectNode o = base(r, id, created, "chat.completion.chunk");
    ObjectNode c = o.putArray("choices").addObject();
    c.put("index", 0).set("delta", delta);
    c.putNull("logprobs").put("finish_reason", finish);
    if (finish != null) {
      c.putNull("matched_stop");
    }
    return o;
  }

  private ObjectNode textChunk(GenRequest r, String id, long created, String piece, String finish) {
    ObjectNode o = base(r, id, created, "text_completion");
    ObjectNode c = o.putArray("choices").addObject();
    c.put("index", 0).put("text", piece).putNull("logprobs").put("finish_reason", finish);
    if (finish != null) {
      c.putNull("matched_stop");
    }
    return o;
  }

  private ObjectNode completionObject(GenRequest r, String id, String text, int outputTokens) {
    long created = System.currentTimeMillis() / 1000;
    ObjectNode c;
    ObjectNode o;
    if (route == Route.CHAT) {
      o = base(r, id, created, "chat.completion");
      c = o.putArray("choices").addObject();
      c.put("index", 0);
      c.putObject("message")
          .put("role", "assistant")
          .put("content", text)
          .putNull("reasoning_content")
          .putNull("tool_calls");
    } else {
      o = base(r, id, created, "text_completion");
      c = o.putArray("choices").addObject();
      c.put("index", 0).put("text", text);
    }
    c.putNull("logprobs")
        .put("finish_reason", finishReason(r, outputTokens))
        .putNull("matched_stop");
    return o;
  }

  private ObjectNode usage(GenRequest r, int outputTokens, int cachedTokens) {
    ObjectNode u = replica.json.createObjectNode();
    int prompt = r.prompt().length;
    u.put("prompt_tokens", prompt)
        .put("total_tokens", prompt + outputTokens)
        .put("completion_tokens", outputTokens);
    if (replica.cacheReport && cachedTokens > 0) {
      u.putObject("prompt_tokens_details").put("cached_tokens", cachedTokens);
    } else {
      u.putNull("prompt_tokens_details");
    }
    u.put("reasoning_tokens", 0);
    return u;
  }

  private ObjectNode generateObject(
      GenRequest r,
      String id,
      CharSequence text,
      List<Integer> ids,
      int outputTokens,
      int cachedTokens,
      Generation.Finished done) {
    ObjectNode o = replica.json.createObjectNode();
    o.put("text", text.toString());
    ArrayNode out = o.putArray("output_ids");
    ids.forEach(out::add);
    ObjectNode meta = o.putObject("meta_info");
    meta.put("id", id);
    if (done == null) {
      meta.putNull("finish_reason");
    } else if (outputTokens >= r.maxTokens()) {
      meta.putObject("finish_reason").put("type", "length").put("length", outputTokens);
    } else {
      meta.putObject("finish_reason").put("type", "stop").putNull("matched");
    }
    meta.put("prompt_tokens", r.prompt().length)
        .put("completion_tokens", outputTokens)
        .put("cached_tokens", cachedTokens)
        .putNull("cached_tokens_details")
        .put("weight_version", "default")
        .put("total_retractions", 0)
        .putNull("dp_rank");
    if (done != null) {
      meta.put("e2e_latency", done.e2eSeconds());
    }
    meta.put("response_sent_to_client_ts", System.currentTimeMillis() / 1000.0);
    return o;
  }

  /** Writes an event; the caller flushes before it waits, so a burst of ready events is batched. */
  private void event(OutputStream out, ObjectNode ev) throws IOException {
    replica.checkAlive();
    out.write(DATA);
    out.write(bytes(ev));
    out.write(END);
  }

  /** Flushes what was written and waits if the next event is not due to arrive yet. */
  private void due(OutputStream out, long producedWallNanos) throws IOException {
    if (producedWallNanos + replica.oneWayDelayNanos() > System.nanoTime()) {
      replica.checkAlive();
      out.flush();
      replica.outbound(producedWallNanos);
    }
  }

  private static String requestId() {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    return String.format("%016x%016x", rnd.nextLong(), rnd.nextLong());
  }

  private byte[] bytes(Object body) {
    try {
      return replica.json.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends an error in the route's shape: flat OpenAI-style, or nested on {@code /generate}. */
  void error(ServerResponse res, int status, String message, String type, long producedWall) {
    ObjectNode body = replica.json.createObjectNode();
    if (route == Route.GENERATE) {
      body.putObject("error").put("message", message);
    } else {
      body.put("object", "error").put("message", message).put("type", type).putNull("param");
      body.put("code", status);
    }
    send(res, status, "application/json", bytes(body), producedWall);
  }

  private void send(ServerResponse res, int status, String contentType, byte[] body, long wall) {
    replica.outbound(wall);
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, contentType);
    try {
      res.send(body);
    } catch (UncheckedIOException | ServerConnectionException e) {
      // the client is gone; nothing left to free
    }
  }
}
