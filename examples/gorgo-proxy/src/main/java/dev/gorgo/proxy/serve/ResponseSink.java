package dev.gorgo.proxy.serve;

import dev.gorgo.api.Ticker;
import dev.gorgo.proxy.http.ApiError;
import dev.gorgo.sglang.ResponseHead;
import dev.gorgo.sglang.StreamSink;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Relays an upstream answer into a Helidon response: status and headers once, then every SSE event
 * (or body chunk) written and flushed on its own, so each token reaches the client as soon as the
 * replica produced it (the original proxy buffered ~4 KB and distorted streaming TTFT).
 *
 * <p>A failed write (the client went away) surfaces as {@link IOException}, which makes the adapter
 * cancel the upstream call. Not thread-safe: one per request, used by its thread.
 */
final class ResponseSink implements StreamSink {
  private static final Set<String> SKIPPED =
      Set.of("date", "server", "x-request-id", "content-length", "transfer-encoding", "connection");
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final ServerResponse res;
  private final String requestId;
  private final Ticker ticker;
  private OutputStream out;
  private boolean eventStream;
  private int status;
  private long headersNanos;
  private long firstContentNanos;
  private boolean broken;

  ResponseSink(ServerResponse res, String requestId, Ticker ticker) {
    this.res = res;
    this.requestId = requestId;
    this.ticker = ticker;
  }

  @Override
  public void start(ResponseHead head) throws IOException {
    try {
      headersNanos = ticker.nanos();
      status = head.status();
      eventStream = head.isEventStream();
      res.status(Status.create(head.status()));
      for (Map.Entry<String, List<String>> h : head.headers().entrySet()) {
        if (!SKIPPED.contains(h.getKey())) {
          res.header(h.getKey(), h.getValue().toArray(String[]::new));
        }
      }
      if (head.contentType() != null) {
        res.header(HeaderNames.CONTENT_TYPE, head.contentType());
      }
      res.header(InferenceHandler.REQUEST_ID_HEADER, requestId);
      if (eventStream) {
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Accel-Buffering", "no");
      }
      out = res.outputStream();
    } catch (RuntimeException e) {
      broken = true;
      throw new IOException("client connection failed", e);
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    try {
      out.write(bytes, offset, length);
      out.flush();
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e instanceof IOException io ? io : new IOException("client connection failed", e);
    }
  }

  @Override
  public void firstContent(long ttftNanos) {
    firstContentNanos = ticker.nanos();
  }

  /** Whether the status and headers went out. */
  boolean started() {
    return out != null;
  }

  boolean eventStream() {
    return eventStream;
  }

  int status() {
    return status;
  }

  long headersNanos() {
    return headersNanos;
  }

  long firstContentNanos() {
    return firstContentNanos;
  }

  /**
   * The upstream failed after the answer started: on an SSE stream, tell the client with an error
   * event and {@code [DONE]} (the shape SGLang itself uses mid-stream), then end cleanly.
   */
  void failMidStream(ApiError error) {
    if (!eventStream || broken || out == null) {
      return;
    }
    try {
      out.write(
          ("data: {\"error\":" + error.innerJson() + "}\n\n").getBytes(StandardCharsets.UTF_8));
      out.write(DONE);
      out.flush();
    } catch (IOException | RuntimeException e) {
      broken = true;
    }
  }

  /** Ends the response body (no-op when nothing was started or the client is gone). */
  void finish() {
    if (out == null) {
      return;
    }
    try {
      out.close();
    } catch (IOException | RuntimeException e) {
      broken = true;
    }
  }
}
