package dev.gorgo.sglang.internal;

import dev.gorgo.sglang.ForwardResult;
import dev.gorgo.sglang.ResponseHead;
import dev.gorgo.sglang.StreamSink;
import dev.gorgo.sglang.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.Call;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * One forwarded exchange of {@link dev.gorgo.sglang.SglangClient#forward}: executes the call, hands
 * status and headers to the sink, relays an SSE answer one complete event per write (any other
 * answer chunk by chunk), inspects each event for the first content chunk and usage, and cancels
 * the call when the sink fails. Not thread-safe; lives on the forwarding thread.
 */
public final class StreamRelay implements SseEventScanner.Handler {
  private static final Set<String> DROPPED_RESPONSE_HEADERS =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "content-length");
  private static final Set<Integer> RETRYABLE = Set.of(408, 429, 500, 502, 503, 504);

  private final Call call;
  private final StreamSink sink;
  private final boolean holdRetryable;
  private final int maxEventBytes;
  private final ChunkInspector inspector = new ChunkInspector();
  private long t0;
  private long ttft = -1;
  private long events;
  private long bytes;
  private boolean streamError;
  private boolean done;
  private int status = -1;

  /**
   * Prepares one exchange.
   *
   * @param call the upstream call, not yet executed
   * @param sink where the answer goes
   * @param holdRetryable whether a retryable status is held back instead of relayed
   * @param maxEventBytes the largest SSE event relayed
   */
  public StreamRelay(Call call, StreamSink sink, boolean holdRetryable, int maxEventBytes) {
    this.call = call;
    this.sink = sink;
    this.holdRetryable = holdRetryable;
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Executes the call and relays the answer.
   *
   * @return how it went; never throws for upstream or sink failures
   */
  public ForwardResult run() {
    t0 = System.nanoTime();
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      return result(ForwardResult.Ending.NOT_STARTED, e);
    }
    try (Response r = response) {
      status = r.code();
      if (holdRetryable && RETRYABLE.contains(status)) {
        return result(ForwardResult.Ending.NOT_STARTED, null);
      }
      ResponseHead head = head(r);
      try {
        sink.start(head);
      } catch (IOException | RuntimeException e) {
        call.cancel();
        return result(ForwardResult.Ending.CALLER_GONE, new SinkFailure(e));
      }
      InputStream in = r.body().byteStream();
      if (head.isEventStream()) {
        relayEvents(in);
        if (!done) {
          return result(
              ForwardResult.Ending.UPSTREAM_FAILED,
              new IOException("event stream ended without [DONE]"));
        }
      } else {
        relayBody(in);
      }
      return result(ForwardResult.Ending.COMPLETED, null);
    } catch (SinkFailure e) {
      call.cancel();
      return result(ForwardResult.Ending.CALLER_GONE, e);
    } catch (InterruptedIOException e) {
      call.cancel();
      return result(
          Thread.currentThread().isInterrupted()
              ? ForwardResult.Ending.CALLER_GONE
              : ForwardResult.Ending.UPSTREAM_FAILED,
          e);
    } catch (IOException e) {
      call.cancel();
      return result(ForwardResult.Ending.UPSTREAM_FAILED, e);
    }
  }

  private void relayEvents(InputStream in) throws IOException {
    SseEventScanner scanner = new SseEventScanner(maxEventBytes);
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) != -1) {
      checkInterrupted();
      scanner.feed(buf, 0, n, this);
    }
    scanner.finish(this);
  }

  private void relayBody(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    // Non-streamed answers are inspected for usage when they fit a modest buffer.
    okio.Buffer copy = new okio.Buffer();
    int n;
    while ((n = in.read(buf)) != -1) {
      checkInterrupted();
      if (ttft < 0 && n > 0 && status >= 200 && status < 300) {
        ttft = System.nanoTime() - t0;
        sink.firstContent(ttft);
      }
      if (copy.size() + n <= (4 << 20)) {
        copy.write(buf, 0, n);
      }
      write(buf, 0, n);
    }
    byte[] all = copy.readByteArray();
    inspector.inspect(all, 0, all.length);
    streamError |= inspector.error && status >= 200 && status < 300;
  }

  @Override
  public void onEvent(byte[] raw, int rawOffset, int rawLength, byte[] data, int dataLength)
      throws IOException {
    if (dataLength >= 0) {
      inspector.inspect(data, 0, dataLength);
      done |= inspector.done;
      streamError |= inspector.error;
      if (inspector.content && ttft < 0) {
        ttft = System.nanoTime() - t0;
        try {
          sink.firstContent(ttft);
        } catch (RuntimeException e) {
          throw new SinkFailure(e);
        }
      }
    }
    write(raw, rawOffset, rawLength);
  }

  private void write(byte[] b, int off, int len) throws SinkFailure {
    try {
      sink.write(b, off, len);
    } catch (IOException | RuntimeException e) {
      throw new SinkFailure(e);
    }
    events++;
    bytes += len;
  }

  private static void checkInterrupted() throws InterruptedIOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("forwarding thread interrupted");
    }
  }

  private ResponseHead head(Response r) {
    Map<String, List<String>> headers = new HashMap<>();
    for (String name : r.headers().names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!DROPPED_RESPONSE_HEADERS.contains(lower)) {
        headers.put(lower, r.headers(name));
      }
    }
    return new ResponseHead(r.code(), r.header("Content-Type"), headers);
  }

  private ForwardResult result(ForwardResult.Ending ending, @Nullable IOException failure) {
    Usage usage =
        new Usage(inspector.promptTokens, inspector.completionTokens, inspector.cachedTokens);
    return new ForwardResult(
        ending,
        status,
        ttft,
        System.nanoTime() - t0,
        usage.reported() ? usage : Usage.NONE,
        events,
        bytes,
        streamError,
        failure);
  }

  /** A sink failure, kept apart from upstream failures while unwinding. */
  private static final class SinkFailure extends IOException {
    private static final long serialVersionUID = 1L;

    SinkFailure(Throwable cause) {
      super("the caller went away", cause);
    }
  }
}
