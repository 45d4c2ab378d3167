package dev.gorgo.sglang;

import java.util.Objects;

/**
 * A request body from which no routing prompt could be extracted. The message describes the problem
 * (field names, byte offsets, sizes) and never contains prompt text, so it is safe to return to the
 * client and to log.
 */
public final class PromptException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why extraction failed. */
  public enum Kind {
    /** The body is not well-formed JSON (or not UTF-8). HTTP 400. */
    MALFORMED_JSON(400),
    /** The body or the prompt is larger than the configured limit. HTTP 413. */
    TOO_LARGE(413),
    /** JSON nesting is deeper than the configured limit. HTTP 400. */
    TOO_DEEP(400),
    /** The body has no prompt field for its request kind, or an empty one. HTTP 400. */
    MISSING_PROMPT(400),
    /** A field has the wrong JSON type (for example a number where text is expected). HTTP 400. */
    WRONG_TYPE(400);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /**
     * Returns the HTTP status a proxy should answer with.
     *
     * @return 400 or 413
     */
    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Kind kind;

  /**
   * Creates an exception.
   *
   * @param kind why extraction failed; not {@code null}
   * @param message a description without prompt content
   */
  public PromptException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * Returns why extraction failed.
   *
   * @return the kind, never {@code null}
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the HTTP status a proxy should answer with ({@link Kind#httpStatus()}).
   *
   * @return 400 or 413
   */
  public int httpStatus() {
    return kind.httpStatus();
  }
}
