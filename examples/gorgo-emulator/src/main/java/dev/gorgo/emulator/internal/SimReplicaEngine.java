package dev.gorgo.emulator.internal;

import dev.gorgo.sim.engine.EngineListener;
import dev.gorgo.sim.engine.EngineModel;
import dev.gorgo.sim.engine.EngineProfile;

/**
 * The simulator's {@link EngineModel} behind the {@link ReplicaEngine} seen by the driver, so the
 * emulator and the simulator run exactly the same model of an SGLang replica.
 *
 * <p>Not thread-safe, like the model: only the engine thread uses it.
 */
public final class SimReplicaEngine implements ReplicaEngine {
  private final EngineModel model;
  private final EngineSpec spec;

  /**
   * Creates the engine.
   *
   * @param profile the engine profile
   * @param listener receives the model's events
   */
  public SimReplicaEngine(EngineProfile profile, Listener listener) {
    this.model =
        new EngineModel(
            profile,
            new EngineListener() {
              @Override
              public void onPrefillStart(long id, long nanos) {
                listener.onPrefillStart(id, nanos);
              }

              @Override
              public void onFirstToken(long id, long nanos, int cachedTokens) {
                listener.onFirstToken(id, nanos, cachedTokens);
              }

              @Override
              public void onToken(long id, long nanos, int index) {
                listener.onToken(id, nanos, index);
              }

              @Override
              public void onFinish(long id, long nanos, int outputTokens) {
                listener.onFinish(id, nanos, outputTokens);
              }
            });
    this.spec =
        new EngineSpec(
            profile.name(),
            profile.maxRunning(),
            profile.kvCapacityTokens(),
            profile.pageSize(),
            profile.chunkedPrefillTokens());
  }

  /**
   * Returns a factory for engines of a profile, optionally with overridden capacities.
   *
   * @param profileName built-in profile name
   * @param maxRunning overrides the profile's maximum running requests when positive
   * @param kvCapacityTokens overrides the profile's KV capacity when positive
   * @return the factory
   * @throws IllegalArgumentException for an unknown profile (the message lists the known ones)
   */
  public static Factory factory(String profileName, int maxRunning, long kvCapacityTokens) {
    EngineProfile p = EngineProfile.named(profileName);
    if (maxRunning > 0) {
      p = p.withMaxRunning(maxRunning);
    }
    if (kvCapacityTokens > 0) {
      p = p.withKvCapacityTokens(kvCapacityTokens);
    }
    EngineProfile profile = p;
    return listener -> new SimReplicaEngine(profile, listener);
  }

  @Override
  public long submit(long nowNanos, int[] promptTokens, int[] outputTokens) {
    return model.submit(nowNanos, promptTokens, outputTokens);
  }

  @Override
  public long advance(long nowNanos) {
    return model.advance(nowNanos);
  }

  @Override
  public void abort(long id, long nowNanos) {
    model.abort(id, nowNanos);
  }

  @Override
  public boolean flushCache() {
    return model.flushCache();
  }

  @Override
  public int running() {
    return model.running();
  }

  @Override
  public int queued() {
    return model.queued();
  }

  @Override
  public double kvUsage() {
    return model.kvUsage();
  }

  @Override
  public long cachedTokens() {
    return model.cachedTokens();
  }

  @Override
  public int peekCachedPrefix(int[] promptTokens) {
    return model.peekCachedPrefix(promptTokens);
  }

  @Override
  public EngineSpec spec() {
    return spec;
  }
}
