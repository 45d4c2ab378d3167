package dev.gorgo.cli;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells the embedded Helidon servers that logging is configured (plain {@code java.util.logging},
 * levels set by {@link Logging}); without a provider Helidon prints a notice on standard error at
 * startup, which would clutter every command's output.
 */
public final class JulLoggingProvider implements LoggingProvider {
  @Override
  public void initialization() {
    // java.util.logging needs no setup
  }

  @Override
  public void runTime() {
    // nothing to reconfigure at run time
  }
}
