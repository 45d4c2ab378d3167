package dev.gorgo.lambda;

import java.util.List;

/**
 * One entry of the instance-type catalogue ({@code InstanceTypesItem}): a type and the regions that
 * can launch it right now.
 *
 * <p>Immutable and thread-safe.
 *
 * @param instanceType the type; never null
 * @param regionsWithCapacityAvailable regions with capacity at the time of the call; never null,
 *     empty when the type is sold out everywhere
 */
public record InstanceTypeAvailability(
    InstanceType instanceType, List<Region> regionsWithCapacityAvailable) {

  /** Normalises a missing region list to an empty one. */
  public InstanceTypeAvailability {
    regionsWithCapacityAvailable =
        regionsWithCapacityAvailable == null
            ? List.of()
            : List.copyOf(regionsWithCapacityAvailable);
  }

  /**
   * Whether the type can be launched in the named region now.
   *
   * @param region a region code
   * @return true if {@code region} is listed with capacity
   */
  public boolean hasCapacityIn(String region) {
    return regionsWithCapacityAvailable.stream().anyMatch(r -> r.name().equals(region));
  }
}
