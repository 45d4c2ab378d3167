package dev.gorgo.policies.internal;

import dev.gorgo.policies.GorgoLocalPolicy;
import dev.gorgo.policies.GorgoPolicy;

/** Registers {@code gorgo-local} with {@link dev.gorgo.api.Policies}. */
public final class GorgoLocalProvider extends SimpleProvider {
  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public GorgoLocalProvider() {
    super(
        GorgoLocalPolicy.NAME,
        "distributed GORGO: stay local unless at capacity and a peer is cheaper (<= 1 hop)",
        GorgoPolicy.Parameters.declarations(),
        p -> new GorgoLocalPolicy(GorgoPolicy.Parameters.from(p)));
  }
}
