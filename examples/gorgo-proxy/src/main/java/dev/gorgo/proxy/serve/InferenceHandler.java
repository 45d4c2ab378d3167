package dev.gorgo.proxy.serve;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.PromptKey;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.api.Ticker;
import dev.gorgo.proxy.http.ApiError;
import dev.gorgo.proxy.http.Http;
import dev.gorgo.proxy.observe.ProxyMetrics;
import dev.gorgo.proxy.observe.RequestLog;
import dev.gorgo.proxy.observe.RequestRecord;
import dev.gorgo.proxy.observe.RoutingCapture;
import dev.gorgo.proxy.observe.RoutingSnapshot;
import dev.gorgo.proxy.observe.TraceRecorder;
import dev.gorgo.router.RejectedException;
import dev.gorgo.sglang.ExtractedPrompt;
import dev.gorgo.sglang.ForwardRequest;
import dev.gorgo.sglang.ForwardResult;
import dev.gorgo.sglang.PromptException;
import dev.gorgo.sglang.PromptExtractor;
import dev.gorgo.sglang.PromptKeyer;
import dev.gorgo.sglang.RequestKind;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The inference request path: {@code /v1/chat/completions}, {@code /v1/completions} and {@code
 * /generate}.
 *
 * <ol>
 *   <li>Read the body, bounded ({@code 413} beyond the limit).
 *   <li>Extract the routing prompt, model, stream flag and session key ({@code 400} when
 *       malformed), check the model against the backends' lists ({@code 404}).
 *   <li>Key the prompt and build the {@link RoutingRequest} (with the hop count of a request a peer
 *       proxy forwarded).
 *   <li>{@link Upstream#forward Route and relay}: the answer streams straight into the client's
 *       response, one flushed write per SSE event. A rejection maps to {@code 429} (with {@code
 *       Retry-After}), {@code 504} or {@code 503}; a failure before the first byte to {@code 502};
 *       a failure mid-stream to an SSE error event and a clean end.
 *   <li>Record the request once (metrics, CSV log, trace) from what the router and the relay saw.
 * </ol>
 *
 * <p>The request id is the client's {@code X-Request-Id} when it sent a sane one, else a new one;
 * it goes upstream and back to the client. Runs on the server's virtual thread per request;
 * blocking (queue wait, upstream I/O) is fine there. Thread-safe.
 */
public final class InferenceHandler implements Handler {
  /** Request id header (in and out). */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  /** Optional session header for session-affinity routing. */
  public static final HeaderName SESSION_HEADER = HeaderNames.create("X-Session-Id");

  private static final HeaderName HOP = HeaderNames.create(LeasedUpstream.HOP_HEADER);
  private static final HeaderName REQUEST_ID = HeaderNames.create(REQUEST_ID_HEADER);
  private static final Logger LOG = Logger.getLogger(InferenceHandler.class.getName());

  private final RequestKind kind;
  private final long maxBodyBytes;
  private final PromptExtractor extractor;
  private final PromptKeyer keyer;
  private final Upstream upstream;
  private final ModelCatalog models;
  private final Ticker ticker;
  private final RoutingCapture capture;
  private final ProxyMetrics metrics;
  private final RequestLog log;
  private final TraceRecorder trace;
  private final AtomicLong sequence = new AtomicLong();
  private final String idPrefix =
      "gorgo-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + "-";

  /**
   * Creates the handler for one route.
   *
   * @param kind which body shape this route takes
   * @param parts the proxy's shared parts
   */
  public InferenceHandler(RequestKind kind, Parts parts) {
    this.kind = kind;
    this.maxBodyBytes = parts.maxBodyBytes();
    this.extractor = parts.extractor();
    this.keyer = parts.keyer();
    this.upstream = parts.upstream();
    this.models = parts.models();
    this.ticker = parts.ticker();
    this.capture = parts.capture();
    this.metrics = parts.metrics();
    this.log = parts.log();
    this.trace = parts.trace();
  }

  /**
   * What the inference routes share.
   *
   * @param maxBodyBytes body limit
   * @param extractor prompt extractor
   * @param keyer prompt keyer
   * @param upstream route-and-relay
   * @param models model catalog
   * @param ticker the router's clock
   * @param capture routing capture hub
   * @param metrics Prometheus metrics
   * @param log CSV log
   * @param trace trace recorder
   */
  public record Parts(
      long maxBodyBytes,
      PromptExtractor extractor,
      PromptKeyer keyer,
      Upstream upstream,
      ModelCatalog models,
      Ticker ticker,
      RoutingCapture capture,
      ProxyMetrics metrics,
      RequestLog log,
      TraceRecorder trace) {}

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    long arrival = ticker.nanos();
    long startMillis = System.currentTimeMillis();
    String requestId = requestId(req);
    int hops = 0;
    ExtractedPrompt prompt = null;
    RoutingRequest routing = null;
    RoutingCapture.Capture cap = null;
    ResponseSink sink = new ResponseSink(res, requestId, ticker);
    ForwardResult result = null;
    int status;
    String error = "";
    try {
      hops = hops(req);
      byte[] body = Http.readBody(req, maxBodyBytes);
      try {
        prompt =
            extractor.extract(
                body, 0, body.length, kind, req.headers().first(SESSION_HEADER).orElse(null));
      } catch (PromptException e) {
        throw e.httpStatus() == 413
            ? ApiError.tooLarge(maxBodyBytes)
            : ApiError.badRequest(
                e.kind().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
      }
      if (!models.accepts(prompt.model())) {
        throw ApiError.modelNotFound(prompt.model());
      }
      PromptKey key = keyer.key(prompt);
      routing =
          new RoutingRequest(
              requestId, key, key.estimatedTokens(), null, prompt.sessionKey(), arrival, hops);
      cap = capture.begin(routing, log.enabled() || trace.active());
      Map<String, String> headers =
          hops > 0 ? Map.of(LeasedUpstream.HOP_HEADER, Integer.toString(hops)) : Map.of();
      result =
          upstream.forward(
              routing,
              new ForwardRequest("POST", kind.path(), headers, body, null, requestId),
              sink);
      status = finish(sink, result, res, requestId);
      if (!result.succeeded()) {
        error = errorCode(result);
      }
    } catch (RejectedException e) {
      ApiError api = ApiError.rejected(e.reason(), e.retryAfter());
      status = sendError(res, requestId, api);
      error = api.code();
    } catch (ApiError e) {
      status = sendError(res, requestId, e);
      error = e.code();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "request " + requestId + " failed inside the proxy", e);
      status = sink.started() ? sink.status() : sendError(res, requestId, ApiError.internal());
      error = "internal_error";
    } finally {
      sink.finish();
      if (routing != null) {
        capture.end(routing);
      }
    }
    long end = ticker.nanos();
    Endpoint endpoint = cap == null ? null : cap.endpoint();
    metrics.request(endpoint == null ? null : endpoint.id(), kind.path(), status);
    if (log.enabled() || trace.active()) {
      RoutingSnapshot snap = cap == null ? null : cap.snapshot();
      RequestRecord record =
          new RequestRecord(
              requestId,
              kind.path(),
              startMillis,
              prompt != null && prompt.stream(),
              prompt == null || prompt.text() == null ? 0 : prompt.text().length(),
              routing == null ? 0 : routing.promptTokens(),
              arrival,
              cap == null ? 0 : cap.dispatchNanos(),
              cap == null ? 0 : cap.queueWaitNanos(),
              cap == null ? 0 : cap.decideNanos(),
              sink.headersNanos(),
              sink.firstContentNanos(),
              end,
              snap == null ? Double.NaN : snap.predictedMillis(),
              snap == null ? 0 : snap.queuedTokens(),
              snap == null ? 0 : snap.runningTokens(),
              endpoint == null ? null : endpoint.id(),
              endpoint == null ? null : endpoint.baseUri().getHost(),
              snap,
              status,
              result != null && result.succeeded(),
              error,
              cap == null ? 0 : cap.routes(),
              hops == 0 && routing != null && result != null && isPeerForward(endpoint));
      log.record(record);
      trace.record(record);
    }
  }

  private boolean isPeerForward(Endpoint endpoint) {
    return endpoint != null && endpoint.labels().containsKey(PEER_LABEL);
  }

  /** Endpoint label holding the peer proxy URL in distributed mode. */
  public static final String PEER_LABEL = "gorgo.peer";

  /** Completes the client's answer after the relay returned; returns the status sent. */
  private static int finish(ResponseSink sink, ForwardResult r, ServerResponse res, String id) {
    switch (r.ending()) {
      case COMPLETED, CALLER_GONE -> {
        return sink.started() ? sink.status() : 499;
      }
      case UPSTREAM_FAILED -> {
        if (!sink.started()) {
          return sendError(res, id, ApiError.upstream("the replica failed before answering"));
        }
        sink.failMidStream(
            new ApiError(
                502,
                "api_error",
                "upstream_failed",
                null,
                "the replica failed in the middle of the answer",
                -1));
        return sink.status();
      }
      default -> {
        // NOT_STARTED after the last attempt: nothing reached the client.
        // No answer at all (connection refused or reset) or an overload status: the replicas are
        // unavailable (503); any other held-back status is a bad gateway (502).
        int upstreamStatus = r.status();
        ApiError e =
            upstreamStatus < 0 || upstreamStatus == 503 || upstreamStatus == 429
                ? ApiError.unavailable("no replica could be reached or every one was overloaded")
                : ApiError.upstream("no replica could take the request");
        return sendError(res, id, e);
      }
    }
  }

  private static int sendError(ServerResponse res, String requestId, ApiError e) {
    if (res.isSent()) {
      return e.status();
    }
    res.header(REQUEST_ID, requestId);
    Http.send(res, e);
    return e.status();
  }

  private static String errorCode(ForwardResult r) {
    return switch (r.ending()) {
      case CALLER_GONE -> "client_gone";
      case UPSTREAM_FAILED -> "upstream_failed";
      case NOT_STARTED -> "upstream_unavailable";
      case COMPLETED -> r.streamError() ? "upstream_stream_error" : "upstream_status_" + r.status();
    };
  }

  private String requestId(ServerRequest req) {
    String given = req.headers().first(REQUEST_ID).orElse(null);
    if (given != null && given.length() <= 128 && !given.isEmpty() && printable(given)) {
      return given;
    }
    return idPrefix + sequence.incrementAndGet();
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e || c == ',' || c == '"') {
        return false;
      }
    }
    return true;
  }

  private static int hops(ServerRequest req) {
    String h = req.headers().first(HOP).orElse(null);
    if (h == null) {
      return 0;
    }
    try {
      return Math.max(0, Math.min(8, Integer.parseInt(h.strip())));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(
          "bad_hop_header", LeasedUpstream.HOP_HEADER + " must be an integer");
    }
  }
}
