package dev.gorgo.proxy.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.gorgo.api.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An error answer in the OpenAI shape, {@code {"error":{"message","type","param","code"}}}, with
 * its HTTP status and, for 429, the {@code Retry-After} seconds. Thrown as an exception by the
 * request path and written by {@link Http#send(io.helidon.webserver.http.ServerResponse,
 * ApiError)}.
 *
 * <p>Status mapping: malformed body 400, missing/invalid admin token 401/403, unknown model 404,
 * body over the limit 413, queue full 429 (+ Retry-After), upstream failure 502, no endpoint or
 * shutting down 503, queue timeout 504. Messages never contain prompt text or secrets.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String code;
  private final String param;
  private final long retryAfterSeconds;

  /**
   * Creates an error.
   *
   * @param status HTTP status
   * @param type OpenAI error type, e.g. {@code invalid_request_error}
   * @param code machine-readable code, e.g. {@code model_not_found}
   * @param param offending request field or {@code null}
   * @param message human-readable message (no prompt text, no secrets)
   * @param retryAfterSeconds seconds for {@code Retry-After}, or -1 for none
   */
  public ApiError(
      int status, String type, String code, String param, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400: the request body or a parameter is invalid. */
  public static ApiError badRequest(String code, String message) {
    return new ApiError(400, "invalid_request_error", code, null, message, -1);
  }

  /** 413: the body is larger than the configured limit. */
  public static ApiError tooLarge(long limitBytes) {
    return new ApiError(
        413,
        "invalid_request_error",
        "request_too_large",
        null,
        "request body exceeds the limit of " + limitBytes + " bytes",
        -1);
  }

  /** 404: no backend serves this model. */
  public static ApiError modelNotFound(String model) {
    return new ApiError(
        404,
        "invalid_request_error",
        "model_not_found",
        "model",
        "The model '" + model + "' does not exist",
        -1);
  }

  /** 404 for an unknown path. */
  public static ApiError notFound(String what) {
    return new ApiError(404, "invalid_request_error", "not_found", null, what, -1);
  }

  /** 401: a management call without a valid admin token. */
  public static ApiError unauthorized() {
    return new ApiError(
        401,
        "authentication_error",
        "invalid_admin_token",
        null,
        "management endpoints require 'Authorization: Bearer <admin token>'",
        -1);
  }

  /** 403: a management call from a non-loopback client while no admin token is configured. */
  public static ApiError loopbackOnly() {
    return new ApiError(
        403,
        "permission_error",
        "loopback_only",
        null,
        "no admin token is configured, so management endpoints answer loopback clients only",
        -1);
  }

  /** 502: the chosen replica failed and the request could not be retried. */
  public static ApiError upstream(String message) {
    return new ApiError(502, "api_error", "upstream_error", null, message, -1);
  }

  /** 503: nothing can serve the request. */
  public static ApiError unavailable(String message) {
    return new ApiError(503, "api_error", "no_endpoints", null, message, -1);
  }

  /** 500: a bug; the message is generic and the cause is logged, not sent. */
  public static ApiError internal() {
    return new ApiError(500, "api_error", "internal_error", null, "internal proxy error", -1);
  }

  /**
   * Maps a router rejection: QUEUE_FULL 429 with Retry-After, QUEUE_TIMEOUT 504, NO_ENDPOINTS /
   * POLICY / SHUTDOWN 503, CANCELLED 499 (the client went away; nobody reads it).
   *
   * @param reason the router's reason
   * @param retryAfter suggested wait for QUEUE_FULL, or {@code null}
   */
  public static ApiError rejected(RejectReason reason, Duration retryAfter) {
    return switch (reason) {
      case QUEUE_FULL ->
          new ApiError(
              429,
              "rate_limit_error",
              "queue_full",
              null,
              "the proxy's admission queue is full; retry later",
              Math.max(1, retryAfter == null ? 1 : (retryAfter.toMillis() + 999) / 1000));
      case QUEUE_TIMEOUT ->
          new ApiError(
              504,
              "timeout_error",
              "queue_timeout",
              null,
              "no replica had capacity within the queue timeout",
              -1);
      case NO_ENDPOINTS ->
          new ApiError(503, "api_error", "no_endpoints", null, "no healthy replica", -1);
      case POLICY ->
          new ApiError(503, "api_error", "policy_rejected", null, "the policy rejected it", -1);
      case SHUTDOWN ->
          new ApiError(503, "api_error", "shutting_down", null, "the proxy is shutting down", -1);
      case CANCELLED ->
          new ApiError(499, "api_error", "cancelled", null, "the request was cancelled", -1);
    };
  }

  /** HTTP status. */
  public int status() {
    return status;
  }

  /** OpenAI error type. */
  public String type() {
    return type;
  }

  /** Machine-readable code. */
  public String code() {
    return code;
  }

  /** Seconds for {@code Retry-After}, or -1. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The OpenAI error document as UTF-8 JSON. */
  public byte[] toJson() {
    return json().getBytes(StandardCharsets.UTF_8);
  }

  /** The inner error object (without the {@code "error"} wrapper), for SSE error events. */
  public String innerJson() {
    JsonStringEncoder enc = JsonStringEncoder.getInstance();
    StringBuilder sb = new StringBuilder(128);
    sb.append("{\"message\":\"").append(enc.quoteAsString(getMessage())).append("\",\"type\":\"");
    sb.append(enc.quoteAsString(type)).append("\",\"param\":");
    if (param == null) {
      sb.append("null");
    } else {
      sb.append('"').append(enc.quoteAsString(param)).append('"');
    }
    sb.append(",\"code\":\"").append(enc.quoteAsString(code)).append("\"}");
    return sb.toString();
  }

  private String json() {
    return "{\"error\":" + innerJson() + "}";
  }
}
