package dev.gorgo.lambda.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gorgo.lambda.LambdaException;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Reads the API's response envelopes: {@code {"data": ...}} on success, {@code {"error": {"code",
 * "message", "suggestion"}}} on failure. Any body, however malformed, yields either a value or a
 * {@link LambdaException}; nothing else escapes (a fuzz test holds it to that).
 */
public final class Envelope {
  private Envelope() {}

  /**
   * Unwraps and maps a success body.
   *
   * @param status the HTTP status
   * @param text the body
   * @param type the type of {@code data}
   * @param <T> the result type
   * @return the mapped {@code data}
   * @throws LambdaException.MalformedResponse if the body is not JSON, has no {@code data}, or
   *     {@code data} does not have the expected shape
   */
  public static <T> T decode(int status, String text, JavaType type) {
    JsonNode data;
    try {
      JsonNode root = Json.MAPPER.readTree(text);
      data = root == null ? null : root.get("data");
    } catch (IOException e) {
      throw new LambdaException.MalformedResponse(status, "response is not JSON");
    }
    if (data == null || data.isNull()) {
      // {"data": null} would hand callers a null list or record; the spec never sends it.
      throw new LambdaException.MalformedResponse(status, "response without a data envelope");
    }
    try {
      return Json.MAPPER.convertValue(data, type);
    } catch (IllegalArgumentException e) {
      throw new LambdaException.MalformedResponse(
          status, "unexpected response shape for " + type.getTypeName());
    }
  }

  /**
   * Maps an error body to its exception; falls back to the status when there is no envelope.
   *
   * @param status the HTTP status
   * @param text the body
   * @param scrub removes secrets from server-provided text
   * @return the exception to throw
   */
  public static LambdaException error(int status, String text, UnaryOperator<String> scrub) {
    String code = null;
    String message = null;
    String suggestion = null;
    try {
      JsonNode root = Json.MAPPER.readTree(text);
      JsonNode err = root == null ? null : root.get("error");
      if (err != null && err.isObject()) {
        code = text(err, "code");
        message = text(err, "message");
        suggestion = text(err, "suggestion");
      }
    } catch (IOException e) {
      // Not an error envelope (a proxy's HTML page, say): fall back to the status.
    }
    if (code == null && message == null) {
      message = "HTTP " + status + " without an error envelope";
    }
    return LambdaException.of(
        status, scrub.apply(code), scrub.apply(message), scrub.apply(suggestion));
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }
}
