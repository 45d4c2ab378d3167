package dev.gorgo.api;

/**
 * What the router knows about one replica at the moment of a decision.
 *
 * <p>Instances handed to a policy through {@link ClusterView#state(int)} are read-only snapshots
 * valid for the duration of that {@link RoutingPolicy#decide} call: a policy must not keep them.
 * They are usually reused between decisions so that deciding allocates nothing; {@link #snapshot()}
 * makes a copy that may be kept.
 *
 * <p>Two sources of load are kept apart: what this router dispatched and has not seen finish
 * ({@code inflight*}), known exactly and immediately, and what the engine last reported through its
 * metrics ({@code engine*}), complete (it includes other routers' traffic) but stale by {@link
 * #engineAgeNanos()}.
 */
public interface EndpointState {

  /**
   * Round-trip time from the router to the replica, an exponentially weighted moving average.
   *
   * @return milliseconds, or {@link Double#NaN} when never measured
   */
  double rttMillis();

  /**
   * Requests this router dispatched that have not produced their first token yet.
   *
   * @return count, at least 0
   */
  int inflightPrefilling();

  /**
   * Requests this router dispatched that are past their first token and still streaming.
   *
   * @return count, at least 0
   */
  int inflightDecoding();

  /**
   * Prompt tokens of {@link #inflightPrefilling()} requests.
   *
   * @return tokens, at least 0
   */
  long prefillingTokens();

  /**
   * Prompt tokens of {@link #inflightDecoding()} requests.
   *
   * @return tokens, at least 0
   */
  long decodingTokens();

  /**
   * Running requests as the engine last reported them.
   *
   * @return count, or -1 when never reported
   */
  int engineRunning();

  /**
   * Queued (waiting) requests as the engine last reported them.
   *
   * @return count, or -1 when never reported
   */
  int engineQueued();

  /**
   * KV cache usage as the engine last reported it.
   *
   * @return fraction in [0, 1], or {@link Double#NaN} when never reported
   */
  double kvUsage();

  /**
   * Age of the engine-reported values.
   *
   * @return nanoseconds since the last engine report, or {@link Long#MAX_VALUE} when never reported
   */
  long engineAgeNanos();

  /**
   * The router's belief about the replica's health.
   *
   * @return health, never {@code null}
   */
  Health health();

  /**
   * Whether the replica may take a request now: healthy or unknown, below its running-request gate,
   * and below the KV usage threshold.
   *
   * @return {@code true} when eligible
   */
  boolean eligible();

  /**
   * Running requests used for capacity gating and load: the larger of what the engine reports and
   * what this router has in flight.
   *
   * @return count, at least 0
   */
  default int running() {
    return Math.max(engineRunning(), inflightPrefilling() + inflightDecoding());
  }

  /**
   * Returns an immutable copy that may outlive the decision.
   *
   * @return the copy
   */
  default EndpointState snapshot() {
    return new Snapshot(
        rttMillis(),
        inflightPrefilling(),
        inflightDecoding(),
        prefillingTokens(),
        decodingTokens(),
        engineRunning(),
        engineQueued(),
        kvUsage(),
        engineAgeNanos(),
        health(),
        eligible());
  }

  /**
   * An immutable {@link EndpointState}.
   *
   * @param rttMillis see {@link EndpointState#rttMillis()}
   * @param inflightPrefilling see {@link EndpointState#inflightPrefilling()}
   * @param inflightDecoding see {@link EndpointState#inflightDecoding()}
   * @param prefillingTokens see {@link EndpointState#prefillingTokens()}
   * @param decodingTokens see {@link EndpointState#decodingTokens()}
   * @param engineRunning see {@link EndpointState#engineRunning()}
   * @param engineQueued see {@link EndpointState#engineQueued()}
   * @param kvUsage see {@link EndpointState#kvUsage()}
   * @param engineAgeNanos see {@link EndpointState#engineAgeNanos()}
   * @param health see {@link EndpointState#health()}
   * @param eligible see {@link EndpointState#eligible()}
   */
  record Snapshot(
      double rttMillis,
      int inflightPrefilling,
      int inflightDecoding,
      long prefillingTokens,
      long decodingTokens,
      int engineRunning,
      int engineQueued,
      double kvUsage,
      long engineAgeNanos,
      Health health,
      boolean eligible)
      implements EndpointState {

    @Override
    public EndpointState snapshot() {
      return this;
    }
  }
}
