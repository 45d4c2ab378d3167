package dev.gorgo.cli;

/**
 * A problem with what the user asked for (a bad value, a malformed input file, a refused target),
 * found after parsing. Reported as one line and exit code {@link ExitCodes#USAGE}.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message one line saying what is wrong and, where possible, how to fix it
   */
  public UsageException(String message) {
    super(message);
  }

  /**
   * @param message one line saying what is wrong
   * @param cause the underlying error
   */
  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
