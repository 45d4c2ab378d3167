package dev.gorgo.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the console for the command's own output: the embedded servers' startup and shutdown
 * messages (Helidon, the proxy, the emulator) go to {@code java.util.logging} at INFO, which a
 * command like {@code gorgo demo} does not want on screen. {@code GORGO_DEBUG=1} leaves logging as
 * configured.
 */
public final class Logging {
  // strong references: java.util.logging holds loggers weakly, and a collected logger loses its
  // level
  private static final Logger HELIDON = Logger.getLogger("io.helidon");
  private static final Logger GORGO = Logger.getLogger("dev.gorgo");

  private Logging() {}

  /** Hides INFO messages of the web servers (warnings and errors still show). */
  public static void quietServers() {
    if (!"1".equals(System.getenv("GORGO_DEBUG"))) {
      HELIDON.setLevel(Level.WARNING);
    }
  }

  /** Also hides INFO messages of the embedded proxy and emulator (for the demo and the bench). */
  public static void quietAll() {
    quietServers();
    if (!"1".equals(System.getenv("GORGO_DEBUG"))) {
      GORGO.setLevel(Level.WARNING);
    }
  }
}
