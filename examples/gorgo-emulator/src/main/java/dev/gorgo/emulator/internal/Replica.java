package dev.gorgo.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The state of one emulated replica shared by its HTTP handlers: identity, engine driver, network
 * delay, health and the small utilities that shape responses.
 *
 * <p>Thread-safe: immutable apart from the volatile delay and health flags.
 */
public final class Replica {
  final String name;
  final String region;
  final String modelName;
  final String profile;
  final int contextLength;
  final boolean cacheReport;
  final EngineDriver driver;
  final TextSynth synth;
  final RequestParser parser;
  final ObjectMapper json;
  private volatile long oneWayDelayNanos;
  private volatile boolean healthy = true;
  private volatile boolean killed;

  /**
   * Creates the replica state.
   *
   * @param name replica name
   * @param region region label
   * @param modelName served model name
   * @param profile engine profile name
   * @param contextLength context window in tokens
   * @param cacheReport whether OpenAI usage reports cached tokens
   * @param driver the running engine driver
   * @param seed seed of the generated text
   * @param oneWayDelay real network delay in each direction (scaled by the driver's clock)
   */
  public Replica(
      String name,
      String region,
      String modelName,
      String profile,
      int contextLength,
      boolean cacheReport,
      EngineDriver driver,
      long seed,
      Duration oneWayDelay) {
    this.name = name;
    this.region = region;
    this.modelName = modelName;
    this.profile = profile;
    this.contextLength = contextLength;
    this.cacheReport = cacheReport;
    this.driver = driver;
    this.synth = new TextSynth(seed);
    this.json = new ObjectMapper();
    this.parser = new RequestParser(json, contextLength);
    oneWayDelay(oneWayDelay);
  }

  /**
   * Returns the driver.
   *
   * @return the driver
   */
  public EngineDriver driver() {
    return driver;
  }

  /**
   * Sets the network delay in each direction.
   *
   * @param delay real delay, scaled by the time scale
   */
  public void oneWayDelay(Duration delay) {
    this.oneWayDelayNanos = driver.clock().scaleDuration(delay.toNanos());
  }

  /**
   * Returns the emulated one-way delay after scaling.
   *
   * @return wall nanoseconds
   */
  public long oneWayDelayNanos() {
    return oneWayDelayNanos;
  }

  /**
   * Makes the health endpoints answer 503 ({@code false}) or 200 ({@code true}).
   *
   * @param healthy whether healthy
   */
  public void healthy(boolean healthy) {
    this.healthy = healthy;
  }

  boolean healthy() {
    return healthy;
  }

  /** From now on no handler writes another byte: responses in flight are cut off. */
  void kill() {
    killed = true;
  }

  /**
   * Fails if the replica was killed, so that a handler stops mid-response.
   *
   * @throws java.io.IOException if killed
   */
  void checkAlive() throws java.io.IOException {
    if (killed) {
      throw new java.io.IOException("replica killed");
    }
  }

  /** Waits out the delay of a message travelling to this replica. */
  void inbound() {
    sleepUntil(System.nanoTime() + oneWayDelayNanos);
  }

  /**
   * Waits until a message produced at {@code producedWallNanos} has travelled to the client.
   *
   * @param producedWallNanos when the server produced it ({@link System#nanoTime()})
   */
  void outbound(long producedWallNanos) {
    sleepUntil(producedWallNanos + oneWayDelayNanos);
  }

  static void sleepUntil(long wallNanos) {
    long left;
    while ((left = wallNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }
}
