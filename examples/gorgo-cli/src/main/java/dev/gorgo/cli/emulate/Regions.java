package dev.gorgo.cli.emulate;

import dev.gorgo.emulator.ReplicaSpec;
import dev.gorgo.sim.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays replicas out over a topology's regions: {@code perRegion} replicas named {@code
 * <region>-<i>} in every region, each with a one-way delay of half the round trip from the vantage
 * region (where the proxy and the clients are) to its region.
 */
public final class Regions {
  private Regions() {}

  /**
   * Replica specs for a topology.
   *
   * @param topology regions and round-trip times
   * @param vantage the region the proxy runs in; one of the topology's regions
   * @param perRegion replicas per region, at least 1
   * @param basePort first port (consecutive ports follow), or 0 for ephemeral ports
   * @return the specs, region by region
   */
  public static List<ReplicaSpec> specs(
      Topology topology, String vantage, int perRegion, int basePort) {
    if (perRegion < 1) {
      throw new IllegalArgumentException("replicas per region must be >= 1, was " + perRegion);
    }
    topology.indexOf(vantage); // validates the region name
    List<ReplicaSpec> specs = new ArrayList<>();
    int port = basePort;
    for (String region : topology.regions()) {
      Duration oneWay = Duration.ofNanos(Math.round(topology.rttMs(vantage, region) * 1e6 / 2));
      for (int i = 0; i < perRegion; i++) {
        specs.add(new ReplicaSpec(region + "-" + i, region, oneWay, basePort == 0 ? 0 : port++));
      }
    }
    return specs;
  }
}
