package dev.gorgo.sim.engine;

/**
 * Observes the requests of one {@link EngineModel}. Called synchronously by the engine, on the
 * thread that drives it, with the event's time (which may be earlier than the {@code nowNanos}
 * passed to the call that triggered it). A listener must not call back into the engine that
 * notifies it; it may record or schedule work for later. Every method has an empty default.
 */
public interface EngineListener {

  /** A listener that ignores everything. */
  EngineListener NONE = new EngineListener() {};

  /**
   * The request left the waiting queue: it was admitted into the running batch and its KV cache
   * prefix was matched.
   *
   * @param id request id from {@link EngineModel#submit}
   * @param nanos event time
   */
  default void onPrefillStart(long id, long nanos) {}

  /**
   * Prefill finished and the first output token was produced.
   *
   * @param id request id
   * @param nanos event time
   * @param cachedTokens prompt tokens that were served from the KV cache instead of computed
   */
  default void onFirstToken(long id, long nanos, int cachedTokens) {}

  /**
   * A further output token was produced by a decode step.
   *
   * @param id request id
   * @param nanos event time
   * @param index 0-based index of the output token; at least 1 (token 0 is the first token)
   */
  default void onToken(long id, long nanos, int index) {}

  /**
   * The request produced its last output token and released its slot.
   *
   * @param id request id
   * @param nanos event time
   * @param outputTokens output tokens produced
   */
  default void onFinish(long id, long nanos, int outputTokens) {}
}
