package dev.gorgo.lambda.cluster;

/**
 * A cluster operation failed: a remote command exited non-zero, a node could not be reached, an
 * instance did not become active, or the local state is missing. The message names the node and the
 * step, and for remote commands the exit status and the last lines of standard error.
 */
public final class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message a one-line description
   */
  public ClusterException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message a one-line description
   * @param cause the underlying failure
   */
  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
