package dev.gorgo.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * One emulated replica of a cluster: its name, region, network distance and port.
 *
 * @param name unique name, e.g. {@code us-west-0}; also the engine thread's name
 * @param region region label, reported by {@code /get_server_info}
 * @param oneWayDelay network delay added in each direction of every exchange (so an RTT probe
 *     measures twice this), before time scaling; not negative
 * @param port TCP port to listen on, {@code 0} for an ephemeral port
 */
public record ReplicaSpec(String name, String region, Duration oneWayDelay, int port) {

  /** Validates the fields. */
  public ReplicaSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(oneWayDelay, "oneWayDelay");
    if (name.isBlank()) {
      throw new IllegalArgumentException("replica name must not be blank");
    }
    if (oneWayDelay.isNegative()) {
      throw new IllegalArgumentException("oneWayDelay must not be negative: " + oneWayDelay);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * A replica on an ephemeral port.
   *
   * @param name unique name
   * @param region region label
   * @param oneWayDelay delay in each direction
   * @return the spec
   */
  public static ReplicaSpec of(String name, String region, Duration oneWayDelay) {
    return new ReplicaSpec(name, region, oneWayDelay, 0);
  }
}
