package dev.gorgo.sglang;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to forward to an SGLang replica, as the proxy received it. Immutable by convention: the
 * body array is not copied and must not be modified.
 *
 * @param method the HTTP method, for example {@code POST}
 * @param pathAndQuery the path (and query, if any) relative to the replica's base URI, starting
 *     with {@code /}, for example {@code /v1/chat/completions}
 * @param headers headers to pass on (hop-by-hop headers, {@code Host}, {@code Content-Length} and
 *     {@code Accept-Encoding} are dropped by the client); immutable copy
 * @param body the body bytes (empty for none)
 * @param contentType the body's media type, or {@code null} for {@code application/json}
 * @param requestId sent as {@code X-Request-ID} when not {@code null}
 */
public record ForwardRequest(
    String method,
    String pathAndQuery,
    Map<String, String> headers,
    byte[] body,
    @Nullable String contentType,
    @Nullable String requestId) {

  /**
   * Validates and copies the headers.
   *
   * @throws NullPointerException if a required component is {@code null}
   * @throws IllegalArgumentException if the path does not start with {@code /}
   */
  public ForwardRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
    if (!pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("pathAndQuery must start with '/'");
    }
  }

  /**
   * Creates a JSON {@code POST} with no extra headers.
   *
   * @param path the path, for example {@link RequestKind#path()}
   * @param body the JSON body
   * @param requestId the request id, or {@code null}
   * @return the request
   */
  public static ForwardRequest post(String path, byte[] body, @Nullable String requestId) {
    return new ForwardRequest("POST", path, Map.of(), body, null, requestId);
  }

  /** Describes the request without its body or header values. */
  @Override
  public String toString() {
    return "ForwardRequest[" + method + " " + pathAndQuery + ", " + body.length + " bytes]";
  }
}
