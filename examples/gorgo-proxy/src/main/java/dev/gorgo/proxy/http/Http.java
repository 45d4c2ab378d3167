package dev.gorgo.proxy.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;

/** Reading bounded bodies and writing JSON, text or OpenAI errors. Stateless. */
public final class Http {
  /** Shared mapper for management responses (not used on the inference path). */
  public static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** {@code application/json}. */
  public static final String APPLICATION_JSON = "application/json";

  private Http() {}

  /**
   * Reads the request body, refusing more than {@code limit} bytes: a declared {@code
   * Content-Length} over the limit is refused before reading, a chunked body as soon as it crosses
   * the limit.
   *
   * @throws ApiError 413 when too large
   */
  public static byte[] readBody(ServerRequest req, long limit) {
    OptionalLong declared = req.headers().contentLength();
    if (declared.isPresent() && declared.getAsLong() > limit) {
      throw ApiError.tooLarge(limit);
    }
    if (!req.content().hasEntity()) {
      return new byte[0];
    }
    int initial = (int) Math.min(declared.orElse(8192), limit);
    byte[] buf = new byte[Math.max(initial, 16)];
    int n = 0;
    try (InputStream in = req.content().inputStream()) {
      while (true) {
        if (n == buf.length) {
          if (n >= limit) {
            if (in.read() < 0) {
              break;
            }
            throw ApiError.tooLarge(limit);
          }
          buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(16L, 2L * buf.length)));
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n == buf.length ? buf : Arrays.copyOf(buf, n);
  }

  /** Writes an error answer (with Retry-After when it has one). */
  public static void send(ServerResponse res, ApiError error) {
    res.status(Status.create(error.status()));
    if (error.retryAfterSeconds() >= 0) {
      res.header(HeaderNames.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
    }
    res.header(HeaderNames.CONTENT_TYPE, APPLICATION_JSON);
    res.send(error.toJson());
  }

  /** Writes a value as JSON with status 200. */
  public static void sendJson(ServerResponse res, Object value) {
    sendJson(res, 200, value);
  }

  /** Writes a value as JSON. */
  public static void sendJson(ServerResponse res, int status, Object value) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise response", e);
    }
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, APPLICATION_JSON);
    res.send(body);
  }

  /** Writes plain text. */
  public static void sendText(ServerResponse res, int status, String text) {
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    res.send(text.getBytes(StandardCharsets.UTF_8));
  }
}
