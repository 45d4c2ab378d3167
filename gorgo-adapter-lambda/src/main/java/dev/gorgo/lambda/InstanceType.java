package dev.gorgo.lambda;

import org.jspecify.annotations.Nullable;

/**
 * An instance type ({@code InstanceType} in the API spec): hardware and price.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the type name used to launch, for example {@code gpu_1x_a100_sxm4}; never null
 * @param description a short description; may be null
 * @param gpuDescription the GPU model, for example {@code A100 (40 GB SXM4)}; may be null
 * @param priceCentsPerHour the price in US cents per hour
 * @param specs the hardware specification; may be null if the API omitted it
 */
public record InstanceType(
    String name,
    @Nullable String description,
    @Nullable String gpuDescription,
    int priceCentsPerHour,
    @Nullable Specs specs) {

  /**
   * Hardware of an instance type ({@code InstanceTypeSpecs}).
   *
   * @param vcpus number of virtual CPUs
   * @param memoryGib RAM in GiB
   * @param storageGib local storage in GiB
   * @param gpus number of GPUs
   */
  public record Specs(int vcpus, int memoryGib, int storageGib, int gpus) {}
}
