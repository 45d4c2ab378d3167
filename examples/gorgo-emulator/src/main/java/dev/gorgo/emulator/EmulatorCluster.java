package dev.gorgo.emulator;

import java.net.URI;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A set of emulated replicas started together by {@link Emulator#start(EmulatorConfig)}; closing it
 * stops them all.
 *
 * <p>Thread-safe.
 */
public final class EmulatorCluster implements AutoCloseable {
  private final EmulatorConfig config;
  private final List<EmulatedReplica> replicas;

  EmulatorCluster(EmulatorConfig config, List<EmulatedReplica> replicas) {
    this.config = config;
    this.replicas = List.copyOf(replicas);
  }

  /**
   * Returns the configuration it was started with.
   *
   * @return the configuration
   */
  public EmulatorConfig config() {
    return config;
  }

  /**
   * Returns the replicas, in configuration order.
   *
   * @return an immutable list
   */
  public List<EmulatedReplica> replicas() {
    return replicas;
  }

  /**
   * Returns a replica by position.
   *
   * @param index position in configuration order
   * @return the replica
   */
  public EmulatedReplica replica(int index) {
    return replicas.get(index);
  }

  /**
   * Returns a replica by name.
   *
   * @param name the replica's name
   * @return the replica
   * @throws NoSuchElementException if none has that name
   */
  public EmulatedReplica replica(String name) {
    for (EmulatedReplica r : replicas) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    throw new NoSuchElementException("no replica named " + name);
  }

  /**
   * Returns the base URIs of the replicas, in configuration order.
   *
   * @return e.g. {@code [http://127.0.0.1:41234, ...]}
   */
  public List<URI> baseUris() {
    return replicas.stream().map(EmulatedReplica::baseUri).toList();
  }

  /** Stops every replica. Idempotent. */
  @Override
  public void close() {
    for (EmulatedReplica r : replicas) {
      r.stop();
    }
  }
}
