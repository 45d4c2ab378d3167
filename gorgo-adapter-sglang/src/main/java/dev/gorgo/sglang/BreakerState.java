package dev.gorgo.sglang;

/** The state of an endpoint's circuit breaker in a {@link SglangBackendPool}. */
public enum BreakerState {
  /** Requests flow; consecutive failures are counted. */
  CLOSED,
  /**
   * Too many consecutive failures: the endpoint is reported unhealthy until the open time passes.
   */
  OPEN,
  /** The open time passed: probes may readmit the endpoint, and the next outcome decides. */
  HALF_OPEN
}
