package dev.gorgo.policies.internal;

import dev.gorgo.policies.GorgoPolicy;

/** Registers {@code gorgo} with {@link dev.gorgo.api.Policies}. */
public final class GorgoProvider extends SimpleProvider {
  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public GorgoProvider() {
    super(
        GorgoPolicy.NAME,
        "lowest predicted TTFT: RTT + uncached prefill + queued load (centralized GORGO)",
        GorgoPolicy.Parameters.declarations(),
        p -> new GorgoPolicy(GorgoPolicy.Parameters.from(p)));
  }
}
