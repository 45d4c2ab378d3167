package dev.gorgo.proxy;

import dev.gorgo.proxy.config.ConfigException;
import dev.gorgo.proxy.config.ConfigLoader;
import dev.gorgo.proxy.config.ProxyConfig;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line entry point: {@code java -cp ... dev.gorgo.proxy.ProxyMain --config proxy.yaml
 * [flags]}. Flags and environment variables are described in {@link ConfigLoader}. Exit codes: 0
 * after a clean shutdown (SIGTERM/SIGINT), 2 for an invalid configuration (one problem per line on
 * stderr), 1 when the server cannot start (e.g. the port is taken).
 */
public final class ProxyMain {
  private ProxyMain() {}

  /** Starts the proxy and blocks until the JVM is asked to stop. */
  public static void main(String[] args) throws InterruptedException {
    System.exit(run(Arrays.asList(args), System.getenv(), System.err));
  }

  static int run(List<String> args, java.util.Map<String, String> env, PrintStream err)
      throws InterruptedException {
    if (args.contains("--help") || args.contains("-h")) {
      err.println(
          "usage: gorgo-proxy [--config FILE] [--listen HOST:PORT] [--backend ID=URL@REGION]..."
              + " [--policy NAME] [--param K=V]... [--mode centralized|distributed --local-id ID"
              + " --peer ID=URL...] [--set PATH=VALUE]...");
      return 0;
    }
    ProxyConfig config;
    try {
      config = ConfigLoader.load(args, env);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    }
    ProxyServer proxy;
    try {
      proxy = ProxyServer.start(config);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    } catch (UncheckedIOException | IllegalStateException e) {
      err.println("cannot start the proxy: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "gorgo-proxy-shutdown"));
    err.println("gorgo proxy listening on " + proxy.uri());
    proxy.awaitShutdown();
    return 0;
  }
}
