package dev.gorgo.lambda.internal;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A command channel to one node. Implementations: {@link JschRemote} (SSH). Not thread-safe: one
 * caller at a time.
 */
public interface Remote extends AutoCloseable {

  /**
   * Runs a command through the remote login shell and waits for it.
   *
   * @param command the command line
   * @param stdin bytes fed to the command's standard input, or null for none
   * @param timeoutMillis how long to wait before giving up, in milliseconds
   * @return exit status and output
   * @throws IOException if the channel fails or the command times out
   */
  Result exec(String command, byte @Nullable [] stdin, long timeoutMillis) throws IOException;

  @Override
  void close();

  /**
   * What a command did.
   *
   * @param exitStatus the exit status (-1 if the server reported none)
   * @param stdout standard output, UTF-8
   * @param stderr standard error, UTF-8
   */
  record Result(int exitStatus, String stdout, String stderr) {
    /**
     * Whether the command succeeded.
     *
     * @return true for exit status 0
     */
    public boolean ok() {
      return exitStatus == 0;
    }
  }
}
