package dev.gorgo.emulator.internal;

/**
 * The engine of one emulated replica, as the {@link EngineDriver} sees it: an SGLang-like scheduler
 * that advances in model time. It mirrors the simulator's engine model so that the driver does not
 * depend on its details.
 *
 * <p>Not thread-safe: only the driver's engine thread calls it. Times are model-time nanoseconds
 * and never decrease from one call to the next.
 */
public interface ReplicaEngine {

  /** Callbacks from the engine, invoked on the engine thread from inside its methods. */
  interface Listener {
    /**
     * The request left the waiting queue and its prefill started.
     *
     * @param id request id returned by {@link #submit}
     * @param nowNanos model time
     */
    void onPrefillStart(long id, long nowNanos);

    /**
     * The first output token is ready.
     *
     * @param id request id
     * @param nowNanos model time
     * @param cachedTokens prompt tokens that were served from the prefix cache
     */
    void onFirstToken(long id, long nowNanos, int cachedTokens);

    /**
     * An output token is ready.
     *
     * @param id request id
     * @param nowNanos model time
     * @param index zero-based index of the token in the output
     */
    void onToken(long id, long nowNanos, int index);

    /**
     * The request finished and released its slot.
     *
     * @param id request id
     * @param nowNanos model time
     * @param outputTokens tokens generated in total
     */
    void onFinish(long id, long nowNanos, int outputTokens);
  }

  /** Creates an engine that reports to a listener. */
  @FunctionalInterface
  interface Factory {
    /**
     * Creates an engine.
     *
     * @param listener receives the engine's callbacks
     * @return a new engine
     */
    ReplicaEngine create(Listener listener);
  }

  /**
   * Enqueues a request whose output is known in advance, so the engine can cache prompt and output
   * together when it finishes.
   *
   * @param nowNanos model time
   * @param promptTokens prompt token ids; the engine may keep the array
   * @param outputTokens the token ids it will produce, at least one; the engine may keep the array
   * @return the request id
   * @throws IllegalArgumentException if the request can never fit the engine
   */
  long submit(long nowNanos, int[] promptTokens, int[] outputTokens);

  /**
   * Runs the engine up to {@code nowNanos}.
   *
   * @param nowNanos model time
   * @return model time of the next internal event, {@link Long#MAX_VALUE} when idle
   */
  long advance(long nowNanos);

  /**
   * Aborts a request (the client went away): frees its slot and KV. A no-op for unknown or finished
   * ids.
   *
   * @param id request id
   * @param nowNanos model time
   */
  void abort(long id, long nowNanos);

  /**
   * Clears the prefix cache if nothing runs or waits.
   *
   * @return {@code true} if flushed, {@code false} if refused because requests are pending
   */
  boolean flushCache();

  /**
   * Returns the requests in the running batch.
   *
   * @return count
   */
  int running();

  /**
   * Returns the requests in the waiting queue.
   *
   * @return count
   */
  int queued();

  /**
   * Returns the share of the KV pool pinned by requests.
   *
   * @return usage in [0, 1]
   */
  double kvUsage();

  /**
   * Returns the tokens held in the prefix cache (evictable included).
   *
   * @return tokens
   */
  long cachedTokens();

  /**
   * Returns the longest cached prefix of a prompt, without touching the cache.
   *
   * @param promptTokens prompt token ids
   * @return tokens
   */
  int peekCachedPrefix(int[] promptTokens);

  /**
   * Returns the static shape of the engine.
   *
   * @return the shape
   */
  EngineSpec spec();
}
