package dev.gorgo.policies.internal;

import dev.gorgo.api.PolicyParameter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Random numbers for the randomized policies: reproducible (a SplitMix64 sequence in one atomic)
 * when seeded, {@link ThreadLocalRandom} (fast, uncontended, not reproducible) when the seed is 0.
 * Thread-safe. With one deciding thread, as in the simulator, a seeded policy decides the same way
 * on every run.
 */
final class SeededRandom {
  static final PolicyParameter SEED =
      PolicyParameter.ofInt(
          "seed", 0, "random seed; 0 draws unseeded (not reproducible), any other value repeats");

  private final @Nullable AtomicLong state; // null when unseeded

  SeededRandom(int seed) {
    this.state = seed == 0 ? null : new AtomicLong(seed);
  }

  /** A uniform integer in {@code [0, bound)}; {@code bound} must be positive. */
  int nextInt(int bound) {
    if (state == null) {
      return ThreadLocalRandom.current().nextInt(bound);
    }
    long z = state.addAndGet(0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (int) (((z >>> 33) * bound) >>> 31);
  }
}
