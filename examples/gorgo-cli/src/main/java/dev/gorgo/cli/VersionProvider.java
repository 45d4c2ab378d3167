package dev.gorgo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Prints the project version (filtered into a resource at build time) and the running JVM. */
public final class VersionProvider implements IVersionProvider {

  /** The project version, or {@code "unknown"} when the resource is missing. */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("/gorgo-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "gorgo " + version(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name", "?") + ")"
    };
  }
}
