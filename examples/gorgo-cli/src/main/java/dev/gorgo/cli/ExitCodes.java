package dev.gorgo.cli;

/**
 * The exit codes of every {@code gorgo} command, documented in {@code docs/cli.md} and in {@code
 * gorgo --help}.
 */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** A runtime failure: a server did not start, a file could not be written, a target refused. */
  public static final int FAILURE = 1;

  /** A usage error: an unknown option, a bad value, an unreadable or malformed input file. */
  public static final int USAGE = 2;

  /**
   * A benchmark or demo ran to the end but more requests failed than {@code --max-error-rate}
   * allows.
   */
  public static final int TOO_MANY_ERRORS = 3;

  /** Interrupted (Ctrl-C); the conventional 128 + SIGINT. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
