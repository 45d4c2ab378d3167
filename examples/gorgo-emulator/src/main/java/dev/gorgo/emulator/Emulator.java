package dev.gorgo.emulator;

import dev.gorgo.emulator.internal.CommandLine;
import dev.gorgo.emulator.internal.EngineClock;
import dev.gorgo.emulator.internal.EngineDriver;
import dev.gorgo.emulator.internal.Replica;
import dev.gorgo.emulator.internal.ReplicaEngine;
import dev.gorgo.emulator.internal.ReplicaServer;
import dev.gorgo.emulator.internal.SimReplicaEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts emulated SGLang replicas.
 *
 * <pre>{@code
 * try (EmulatorCluster cluster = Emulator.start(EmulatorConfig.builder()
 *     .replica("us-west-0", "us-west", Duration.ofMillis(10))
 *     .replica("eu-central-0", "eu-central", Duration.ofMillis(70))
 *     .timeScale(10)
 *     .build())) {
 *   List<URI> uris = cluster.baseUris();
 *   ...
 * }
 * }</pre>
 *
 * <p>Each replica is its own webserver on its own port with its own engine thread; they share
 * nothing but the configuration. See the package documentation for the emulated behaviour.
 */
public final class Emulator {
  private Emulator() {}

  /**
   * Starts every replica of a configuration; returns once all listen.
   *
   * @param config what to start
   * @return the running cluster; close it to stop the replicas
   * @throws IllegalArgumentException for an unknown engine profile
   */
  public static EmulatorCluster start(EmulatorConfig config) {
    return start(
        config,
        SimReplicaEngine.factory(config.profile(), config.maxRunning(), config.kvCapacityTokens()));
  }

  /**
   * Runs replicas until the process is stopped; see {@code --help} for the options.
   *
   * @param args command-line arguments
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    EmulatorConfig config;
    try {
      if (List.of(args).contains("--help")) {
        System.out.print(CommandLine.USAGE);
        return;
      }
      config = CommandLine.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("emulator: " + e.getMessage());
      System.err.print(CommandLine.USAGE);
      System.exit(2);
      return;
    }
    EmulatorCluster cluster = start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "emulator-shutdown"));
    for (EmulatedReplica r : cluster.replicas()) {
      System.out.printf(
          "replica %s region %s one-way delay %d ms listening on %s%n",
          r.name(), r.region(), r.oneWayDelay().toMillis(), r.baseUri());
    }
    System.out.printf(
        "profile %s, time scale %s, model %s%n",
        config.profile(), config.timeScale(), config.modelName());
    new java.util.concurrent.CountDownLatch(1).await();
  }

  static EmulatorCluster start(EmulatorConfig config, ReplicaEngine.Factory engines) {
    List<EmulatedReplica> started = new ArrayList<>();
    try {
      for (ReplicaSpec spec : config.replicas()) {
        started.add(startReplica(config, spec, engines));
      }
    } catch (RuntimeException e) {
      started.forEach(EmulatedReplica::stop);
      throw e;
    }
    return new EmulatorCluster(config, started);
  }

  private static EmulatedReplica startReplica(
      EmulatorConfig config, ReplicaSpec spec, ReplicaEngine.Factory engines) {
    EngineClock clock = new EngineClock(config.timeScale());
    EngineDriver driver =
        new EngineDriver(engines, clock, config.modelName(), config.maxQueued(), spec.name());
    Replica replica =
        new Replica(
            spec.name(),
            spec.region(),
            config.modelName(),
            config.profile(),
            config.contextLength(),
            config.cacheReport(),
            driver,
            config.seed(),
            spec.oneWayDelay());
    try {
      return new EmulatedReplica(
          spec, replica, new ReplicaServer(replica, config.host(), spec.port()), config.host());
    } catch (RuntimeException e) {
      driver.close();
      throw e;
    }
  }
}
