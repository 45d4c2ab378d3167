package dev.gorgo.emulator;

import dev.gorgo.emulator.internal.Replica;
import dev.gorgo.emulator.internal.ReplicaMetrics;
import dev.gorgo.emulator.internal.ReplicaServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running emulated SGLang replica: an HTTP server on loopback backed by one engine model.
 *
 * <p>Besides its address, it offers the knobs integration tests need to stage failures: change the
 * network delay, make the health endpoints fail, or stop the replica abruptly.
 *
 * <p>Thread-safe.
 */
public final class EmulatedReplica implements AutoCloseable {
  private final ReplicaSpec spec;
  private final Replica replica;
  private final ReplicaServer server;
  private final URI baseUri;
  private volatile Duration oneWayDelay;

  EmulatedReplica(ReplicaSpec spec, Replica replica, ReplicaServer server, String host) {
    this.spec = spec;
    this.replica = replica;
    this.server = server;
    this.baseUri = server.baseUri(host);
    this.oneWayDelay = spec.oneWayDelay();
  }

  /**
   * Returns the spec this replica was started from.
   *
   * @return the spec (its port may be 0; see {@link #port()})
   */
  public ReplicaSpec spec() {
    return spec;
  }

  /**
   * Returns the replica's name.
   *
   * @return the name
   */
  public String name() {
    return spec.name();
  }

  /**
   * Returns the replica's region.
   *
   * @return the region label
   */
  public String region() {
    return spec.region();
  }

  /**
   * Returns the bound port.
   *
   * @return the port
   */
  public int port() {
    return server.port();
  }

  /**
   * Returns the base URI, e.g. {@code http://127.0.0.1:41234}; OpenAI clients use {@code
   * baseUri().resolve("/v1")}.
   *
   * @return the URI, without a trailing slash
   */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * Returns the configured one-way network delay (before time scaling).
   *
   * @return the delay
   */
  public Duration oneWayDelay() {
    return oneWayDelay;
  }

  /**
   * Changes the one-way network delay, effective for exchanges that start afterwards.
   *
   * @param delay the new delay (before time scaling), not negative
   */
  public void setOneWayDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    this.oneWayDelay = delay;
    replica.oneWayDelay(delay);
  }

  /**
   * Makes {@code /health} and {@code /health_generate} answer 503 ({@code false}) or 200.
   *
   * @param healthy whether the replica reports healthy
   */
  public void setHealthy(boolean healthy) {
    replica.healthy(healthy);
  }

  /**
   * Returns a snapshot of the engine's load and totals.
   *
   * @return the snapshot
   */
  public ReplicaStats stats() {
    ReplicaMetrics.Counters c = replica.driver().metrics().counters();
    return new ReplicaStats(
        c.running(),
        c.queued(),
        c.kvUsage(),
        c.requests(),
        c.aborted(),
        c.promptTokens(),
        c.cachedTokens(),
        c.generationTokens());
  }

  /**
   * Returns how many leading tokens of a prompt text the engine's prefix cache holds now (the
   * ground truth a router only estimates). The text is tokenized as the emulator does: one token
   * per four characters.
   *
   * @param promptText the prompt as the emulator sees it
   * @return cached prefix in tokens
   */
  public int cachedPrefixTokens(String promptText) {
    try {
      return replica
          .driver()
          .peekCachedPrefix(dev.gorgo.emulator.internal.PromptTokens.tokenize(promptText))
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (ExecutionException | TimeoutException e) {
      return 0;
    }
  }

  /**
   * Returns whether the replica is serving.
   *
   * @return {@code false} once stopped
   */
  public boolean isRunning() {
    return server.isRunning();
  }

  /**
   * Stops the replica: requests in flight end with a 503, or on a stream with an error event and
   * {@code data: [DONE]}; then the port closes. Idempotent.
   */
  public void stop() {
    server.close();
  }

  /**
   * Kills the replica as a crash would: responses in flight are cut off where they are (a stream
   * loses its remaining events and never sees {@code [DONE]}), and the port closes. Idempotent.
   */
  public void kill() {
    server.kill();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "EmulatedReplica[" + name() + " " + region() + " " + baseUri + "]";
  }
}
