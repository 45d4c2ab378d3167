package dev.gorgo.emulator.internal;

/**
 * A request SGLang would refuse, with the HTTP status it would answer. The message never contains
 * prompt text.
 */
public final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * Creates the error.
   *
   * @param status HTTP status
   * @param message what was wrong
   */
  public ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /**
   * Returns the HTTP status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * Returns SGLang's error type for the status.
   *
   * @return e.g. {@code BadRequestError}
   */
  public String type() {
    return switch (status) {
      case 400 -> "BadRequestError";
      case 404 -> "NotFoundError";
      case 500 -> "InternalServerError";
      case 501 -> "NotImplementedError";
      default -> Integer.toString(status);
    };
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }
}
