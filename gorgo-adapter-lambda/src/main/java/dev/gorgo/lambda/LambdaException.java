package dev.gorgo.lambda;

import org.jspecify.annotations.Nullable;

/**
 * A failed Lambda Cloud API call. The concrete type is chosen by the error {@code code} of the
 * API's {@code {"error": {"code", "message", "suggestion"}}} envelope (the spec says to rely on the
 * code, never on the message), or by what went wrong when there is no envelope: {@link RateLimited}
 * for HTTP 429, {@link ServerError} for other 5xx, {@link TransportError} when no response arrived,
 * {@link MalformedResponse} when the body could not be read.
 *
 * <p>Messages carry the code, the server's message and suggestion, and never the API key: the
 * client scrubs it from anything the server echoes. Unchecked, because every call can fail the same
 * few ways and callers usually handle them in one place (see {@link #isRetryable()}).
 */
public abstract sealed class LambdaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String code;
  private final int httpStatus;
  private final @Nullable String suggestion;

  private LambdaException(
      @Nullable String code,
      int httpStatus,
      @Nullable String message,
      @Nullable String suggestion,
      @Nullable Throwable cause) {
    super(format(code, httpStatus, message, suggestion), cause);
    this.code = code;
    this.httpStatus = httpStatus;
    this.suggestion = suggestion;
  }

  private static String format(
      @Nullable String code, int status, @Nullable String message, @Nullable String suggestion) {
    StringBuilder sb = new StringBuilder();
    if (code != null || status != 0) {
      sb.append(code == null ? "HTTP " + status : code).append(": ");
    }
    sb.append(message == null || message.isBlank() ? "no message" : message);
    if (suggestion != null && !suggestion.isBlank()) {
      sb.append(" (").append(suggestion).append(')');
    }
    return sb.toString();
  }

  /**
   * The API error code, for example {@code global/invalid-parameters}.
   *
   * @return the code; null when the failure carried no error envelope
   */
  public @Nullable String code() {
    return code;
  }

  /**
   * The HTTP status of the failed response.
   *
   * @return the status, or 0 when no response arrived
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The server's suggestion for fixing the problem.
   *
   * @return the suggestion; may be null
   */
  public @Nullable String suggestion() {
    return suggestion;
  }

  /**
   * Whether trying again later may succeed: rate limiting, server and provider errors, transport
   * failures. The client already retried these a bounded number of times before throwing.
   *
   * @return true for transient failures
   */
  public boolean isRetryable() {
    return this instanceof RateLimited
        || this instanceof ServerError
        || this instanceof ProviderError
        || this instanceof InternalError
        || this instanceof TransportError;
  }

  /**
   * Maps an error envelope to its exception type.
   *
   * @param httpStatus the HTTP status
   * @param code the error code; may be null
   * @param message the message; may be null
   * @param suggestion the suggestion; may be null
   * @return the typed exception
   */
  public static LambdaException of(
      int httpStatus,
      @Nullable String code,
      @Nullable String message,
      @Nullable String suggestion) {
    if (code == null) {
      if (httpStatus == 429) {
        return new RateLimited(null, httpStatus, message, suggestion);
      }
      if (httpStatus >= 500) {
        return new ServerError(null, httpStatus, message, suggestion);
      }
      return new UnknownError(null, httpStatus, message, suggestion);
    }
    if (code.startsWith("provider/")) {
      return new ProviderError(code, httpStatus, message, suggestion);
    }
    return switch (code) {
      case "global/invalid-api-key" -> new Unauthorized(code, httpStatus, message, suggestion);
      case "global/account-inactive" -> new AccountInactive(code, httpStatus, message, suggestion);
      case "global/invalid-address" ->
          new InvalidBillingAddress(code, httpStatus, message, suggestion);
      case "global/object-does-not-exist" -> new NotFound(code, httpStatus, message, suggestion);
      case "global/invalid-parameters" ->
          new InvalidParameters(code, httpStatus, message, suggestion);
      case "global/quota-exceeded" -> new QuotaExceeded(code, httpStatus, message, suggestion);
      case "global/duplicate" -> new Duplicate(code, httpStatus, message, suggestion);
      case "global/internal-error" -> new InternalError(code, httpStatus, message, suggestion);
      case "instance-operations/launch/insufficient-capacity" ->
          new InsufficientCapacity(code, httpStatus, message, suggestion);
      case "instance-operations/launch/file-system-in-wrong-region" ->
          new FileSystemInWrongRegion(code, httpStatus, message, suggestion);
      case "filesystems/filesystem-in-use" ->
          new FilesystemInUse(code, httpStatus, message, suggestion);
      case "firewall-rulesets/firewall-ruleset-in-use" ->
          new FirewallRulesetInUse(code, httpStatus, message, suggestion);
      default ->
          httpStatus == 429
              ? new RateLimited(code, httpStatus, message, suggestion)
              : new UnknownError(code, httpStatus, message, suggestion);
    };
  }

  /** {@code global/invalid-api-key}: the key is wrong, expired or deleted. */
  public static final class Unauthorized extends LambdaException {
    private static final long serialVersionUID = 1L;

    Unauthorized(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** {@code global/account-inactive}: verify the e-mail address and add a payment method. */
  public static final class AccountInactive extends LambdaException {
    private static final long serialVersionUID = 1L;

    AccountInactive(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** {@code global/invalid-address}: the billing address is invalid. */
  public static final class InvalidBillingAddress extends LambdaException {
    private static final long serialVersionUID = 1L;

    InvalidBillingAddress(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** {@code global/object-does-not-exist}: instance, file system, ruleset or launch resource. */
  public static final class NotFound extends LambdaException {
    private static final long serialVersionUID = 1L;

    NotFound(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** {@code global/invalid-parameters}: the request was rejected as malformed. */
  public static final class InvalidParameters extends LambdaException {
    private static final long serialVersionUID = 1L;

    InvalidParameters(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** {@code global/quota-exceeded}: ask support for a higher quota. */
  public static final class QuotaExceeded extends LambdaException {
    private static final long serialVersionUID = 1L;

    QuotaExceeded(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** {@code global/duplicate}: an object with that name exists. */
  public static final class Duplicate extends LambdaException {
    private static final long serialVersionUID = 1L;

    Duplicate(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** {@code global/internal-error}: a transient server fault. */
  public static final class InternalError extends LambdaException {
    private static final long serialVersionUID = 1L;

    InternalError(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** {@code instance-operations/launch/insufficient-capacity}: try another region or type. */
  public static final class InsufficientCapacity extends LambdaException {
    private static final long serialVersionUID = 1L;

    InsufficientCapacity(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** {@code instance-operations/launch/file-system-in-wrong-region}. */
  public static final class FileSystemInWrongRegion extends LambdaException {
    private static final long serialVersionUID = 1L;

    FileSystemInWrongRegion(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** {@code filesystems/filesystem-in-use}: detach it (terminate its instances) first. */
  public static final class FilesystemInUse extends LambdaException {
    private static final long serialVersionUID = 1L;

    FilesystemInUse(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** {@code firewall-rulesets/firewall-ruleset-in-use}: instances still use the ruleset. */
  public static final class FirewallRulesetInUse extends LambdaException {
    private static final long serialVersionUID = 1L;

    FirewallRulesetInUse(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** {@code provider/*}: an upstream provider failed (outage, unavailability, exhaustion). */
  public static final class ProviderError extends LambdaException {
    private static final long serialVersionUID = 1L;

    ProviderError(String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** HTTP 429: the server's rate limit was hit despite client-side pacing. */
  public static final class RateLimited extends LambdaException {
    private static final long serialVersionUID = 1L;

    RateLimited(@Nullable String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** HTTP 5xx without a recognised error envelope. */
  public static final class ServerError extends LambdaException {
    private static final long serialVersionUID = 1L;

    ServerError(@Nullable String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** An error code or status this client does not know. */
  public static final class UnknownError extends LambdaException {
    private static final long serialVersionUID = 1L;

    UnknownError(@Nullable String c, int s, @Nullable String m, @Nullable String g) {
      super(c, s, m, g, null);
    }
  }

  /** No response: connection refused, reset, or a timeout. */
  public static final class TransportError extends LambdaException {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps an I/O failure.
     *
     * @param what the call that failed, for example {@code GET /api/v1/instances}
     * @param cause the I/O failure
     */
    public TransportError(String what, java.io.IOException cause) {
      super(null, 0, what + " failed: " + cause.getClass().getSimpleName(), null, cause);
    }
  }

  /** A success or error body that does not match the spec's shape. */
  public static final class MalformedResponse extends LambdaException {
    private static final long serialVersionUID = 1L;

    /**
     * Describes an unreadable body.
     *
     * @param status the HTTP status
     * @param what what could not be read
     */
    public MalformedResponse(int status, String what) {
      super(null, status, what, null, null);
    }
  }
}
