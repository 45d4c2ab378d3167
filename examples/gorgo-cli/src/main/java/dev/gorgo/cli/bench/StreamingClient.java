package dev.gorgo.cli.bench;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorgo.cli.bench.BenchRequest.ChatMessage;
import dev.gorgo.cli.bench.BenchRequest.Messages;
import dev.gorgo.cli.bench.BenchRequest.Segments;
import dev.gorgo.cli.bench.BenchRequest.Text;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Sends workload requests to an OpenAI-compatible server, always streaming, and times them.
 *
 * <p>Each call blocks its thread for the whole stream (the load generator runs one virtual thread
 * per request). Time to first token is taken at the first chunk that carries content, the way the
 * OpenAI clients and GuideLLM measure it; the output token count is the server's {@code usage}
 * figure when it sends one ({@code stream_options.include_usage} is requested) and the number of
 * content chunks otherwise. Thread-safe; {@link #cancelAll()} cuts every call in flight (the run's
 * time limit), and those calls end as {@link ErrorKind#INCOMPLETE}.
 */
public final class StreamingClient implements AutoCloseable {

  /** Which OpenAI route to call. */
  public enum RequestType {
    /** {@code /v1/chat/completions} with {@code messages}. */
    CHAT,
    /** {@code /v1/completions} with {@code prompt}. */
    COMPLETIONS
  }

  /**
   * How to call the server.
   *
   * @param target base URL ({@code http://host:port}, with or without {@code /v1})
   * @param model the {@code model} field
   * @param type the route
   * @param requestTimeout the longest silence allowed on a connection (connect, or between chunks)
   * @param ignoreEos send {@code ignore_eos: true} so servers that support it (SGLang, vLLM)
   *     produce exactly {@code max_tokens}
   * @param headers extra headers on every request (for example {@code Authorization})
   * @param requestHeaders extra headers per request (for example a client region), may return an
   *     empty map
   * @param endpointHeader response header naming the replica that served a request, or {@code null}
   */
  public record Options(
      URI target,
      String model,
      RequestType type,
      Duration requestTimeout,
      boolean ignoreEos,
      Map<String, String> headers,
      Function<BenchRequest, Map<String, String>> requestHeaders,
      String endpointHeader) {
    public Options {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      headers = Map.copyOf(headers);
      Objects.requireNonNull(requestHeaders, "requestHeaders");
    }

    /** Chat requests to {@code target} with model {@code "default"} and a 60 s timeout. */
    public static Options of(URI target) {
      return new Options(
          target,
          "default",
          RequestType.CHAT,
          Duration.ofSeconds(60),
          false,
          Map.of(),
          r -> Map.of(),
          null);
    }

    /** A copy with another model. */
    public Options withModel(String m) {
      return new Options(
          target, m, type, requestTimeout, ignoreEos, headers, requestHeaders, endpointHeader);
    }
  }

  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  private final Options options;
  private final HttpUrl url;
  private final OkHttpClient http;
  private final Set<Call> active = ConcurrentHashMap.newKeySet();

  /**
   * @param options how to call the server
   * @param maxConnections connections kept open for reuse (the run's concurrency)
   */
  public StreamingClient(Options options, int maxConnections) {
    this.options = options;
    this.url = route(options.target(), options.type());
    long timeoutMs = options.requestTimeout().toMillis();
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(Math.min(timeoutMs, 10_000), TimeUnit.MILLISECONDS)
            .readTimeout(timeoutMs, TimeUnit.MILLISECONDS)
            .writeTimeout(timeoutMs, TimeUnit.MILLISECONDS)
            .retryOnConnectionFailure(false)
            .socketFactory(NoDelaySocketFactory.INSTANCE)
            .protocols(java.util.List.of(Protocol.HTTP_1_1))
            .connectionPool(new ConnectionPool(Math.max(5, maxConnections), 1, TimeUnit.MINUTES))
            .build();
  }

  /** The full URL requests go to. */
  public HttpUrl url() {
    return url;
  }

  /** The options this client was built with. */
  public Options options() {
    return options;
  }

  /** Resolves the route under a base URL given with or without {@code /v1}. */
  static HttpUrl route(URI target, RequestType type) {
    HttpUrl base = HttpUrl.get(target.toString());
    String path = base.encodedPath().replaceAll("/+$", "");
    if (path.endsWith("/v1")) {
      path = path.substring(0, path.length() - 3);
    }
    String suffix = type == RequestType.CHAT ? "/v1/chat/completions" : "/v1/completions";
    return base.newBuilder().encodedPath(path + suffix).build();
  }

  /**
   * Sends one request and waits for the end of its stream.
   *
   * @param r the request
   * @param runStartNanos the run's start ({@link System#nanoTime()}), for the relative times
   * @param scheduledNanos when the profile wanted it sent
   * @return how it went; never throws for a failed request
   */
  public RequestResult send(BenchRequest r, long runStartNanos, long scheduledNanos) {
    Request.Builder rb =
        new Request.Builder()
            .url(url)
            .post(RequestBody.create(body(r), JSON_TYPE))
            .header("Accept", "text/event-stream");
    options.headers().forEach(rb::header);
    options.requestHeaders().apply(r).forEach(rb::header);
    Call call = http.newCall(rb.build());
    active.add(call);
    Timing t = new Timing(r, runStartNanos, scheduledNanos);
    try (Response response = call.execute()) {
      t.status = response.code();
      if (options.endpointHeader() != null) {
        t.endpoint = response.header(options.endpointHeader());
      }
      if (t.status != 200) {
        return t.fail(ErrorKind.HTTP);
      }
      String type = response.header("Content-Type", "");
      BufferedSource source = response.body().source();
      return type.startsWith("text/event-stream") ? readStream(source, t) : readJson(source, t);
    } catch (IOException e) {
      if (call.isCanceled()) {
        return t.fail(ErrorKind.INCOMPLETE);
      }
      if (e instanceof ConnectException) {
        return t.fail(ErrorKind.CONNECT);
      }
      return t.fail(e instanceof InterruptedIOException ? ErrorKind.TIMEOUT : ErrorKind.IO);
    } finally {
      active.remove(call);
    }
  }

  private RequestResult readStream(BufferedSource source, Timing t) throws IOException {
    String line;
    while ((line = source.readUtf8Line()) != null) {
      if (!line.startsWith("data:")) {
        continue;
      }
      String data = line.substring(5).strip();
      if (data.equals("[DONE]")) {
        return t.success();
      }
      JsonNode event;
      try {
        event = JSON.readTree(data);
      } catch (JacksonException e) {
        return t.fail(ErrorKind.PROTOCOL);
      }
      if (event.has("error")) {
        return t.fail(ErrorKind.STREAM_ERROR);
      }
      JsonNode choice = event.path("choices").path(0);
      String piece =
          options.type() == RequestType.CHAT
              ? firstText(choice.path("delta"), "content", "reasoning_content")
              : choice.path("text").asText("");
      if (!piece.isEmpty()) {
        t.token(System.nanoTime());
      }
      JsonNode usage = event.path("usage").path("completion_tokens");
      if (usage.canConvertToInt()) {
        t.usageTokens = usage.intValue();
      }
    }
    return t.fail(ErrorKind.TRUNCATED);
  }

  private RequestResult readJson(BufferedSource source, Timing t) throws IOException {
    JsonNode body;
    try {
      body = JSON.readTree(source.inputStream());
    } catch (JacksonException e) {
      return t.fail(ErrorKind.PROTOCOL);
    }
    if (body == null || !body.has("choices")) {
      return t.fail(
          body != null && body.has("error") ? ErrorKind.STREAM_ERROR : ErrorKind.PROTOCOL);
    }
    t.token(System.nanoTime());
    JsonNode usage = body.path("usage").path("completion_tokens");
    if (usage.canConvertToInt()) {
      t.usageTokens = usage.intValue();
    }
    return t.success();
  }

  private static String firstText(JsonNode node, String... fields) {
    for (String f : fields) {
      JsonNode v = node.get(f);
      if (v != null && v.isTextual() && !v.asText().isEmpty()) {
        return v.asText();
      }
    }
    return "";
  }

  /** The JSON body of a request. Prompt text goes to the server only. */
  byte[] body(BenchRequest r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + r.promptTokens() * 5);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", options.model());
      if (options.type() == RequestType.CHAT) {
        g.writeArrayFieldStart("messages");
        switch (r.content()) {
          case Messages m -> {
            for (ChatMessage msg : m.messages()) {
              writeMessage(g, msg.role(), msg.content());
            }
          }
          case Text text -> writeMessage(g, "user", text.text());
          case Segments seg ->
              writeMessage(g, "user", SegmentText.render(seg.ids(), seg.lengths()));
        }
        g.writeEndArray();
      } else {
        g.writeStringField(
            "prompt",
            switch (r.content()) {
              case Messages m -> flatten(m);
              case Text text -> text.text();
              case Segments seg -> SegmentText.render(seg.ids(), seg.lengths());
            });
      }
      if (r.maxTokens() > 0) {
        g.writeNumberField("max_tokens", r.maxTokens());
      }
      if (options.ignoreEos()) {
        g.writeBooleanField("ignore_eos", true);
      }
      g.writeBooleanField("stream", true);
      g.writeObjectFieldStart("stream_options");
      g.writeBooleanField("include_usage", true);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeMessage(JsonGenerator g, String role, String content)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("role", role);
    g.writeStringField("content", content);
    g.writeEndObject();
  }

  private static String flatten(Messages m) {
    StringBuilder sb = new StringBuilder();
    for (ChatMessage msg : m.messages()) {
      sb.append(msg.role()).append(": ").append(msg.content()).append('\n');
    }
    return sb.append("assistant: ").toString();
  }

  /** Cancels every call in flight; they end as {@link ErrorKind#INCOMPLETE}. */
  public void cancelAll() {
    for (Call c : active) {
      c.cancel();
    }
  }

  /** Calls in flight now. */
  public int inFlight() {
    return active.size();
  }

  @Override
  public void close() {
    cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** Mutable timing of one call, confined to the calling thread. */
  private static final class Timing {
    final BenchRequest request;
    final long runStart;
    final long scheduled;
    final long start = System.nanoTime();
    long first;
    long last;
    int chunks;
    int usageTokens = -1;
    int status;
    String endpoint;

    Timing(BenchRequest request, long runStart, long scheduled) {
      this.request = request;
      this.runStart = runStart;
      this.scheduled = scheduled;
    }

    void token(long now) {
      if (chunks++ == 0) {
        first = now;
      }
      last = now;
    }

    RequestResult success() {
      long end = System.nanoTime();
      int tokens = usageTokens >= 0 ? usageTokens : chunks;
      double ttft = chunks > 0 ? ms(first - start) : Double.NaN;
      double itl = chunks > 0 && tokens > 1 ? ms(last - first) / (tokens - 1) : Double.NaN;
      return result(ttft, itl, ms(end - start), tokens, null);
    }

    RequestResult fail(ErrorKind kind) {
      long end = System.nanoTime();
      double ttft = chunks > 0 ? ms(first - start) : Double.NaN;
      return result(ttft, Double.NaN, ms(end - start), chunks, kind);
    }

    private RequestResult result(double ttft, double itl, double e2e, int tokens, ErrorKind e) {
      return new RequestResult(
          request.index(),
          request.session(),
          ms(scheduled - runStart),
          ms(start - runStart),
          ttft,
          itl,
          e2e,
          request.promptTokens(),
          tokens,
          status,
          e,
          endpoint);
    }

    private static double ms(long nanos) {
      return nanos / 1e6;
    }
  }
}
