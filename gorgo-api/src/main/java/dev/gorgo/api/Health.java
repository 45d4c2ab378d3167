package dev.gorgo.api;

/** What the router believes about a replica's health. */
public enum Health {
  /** No probe has answered yet; the replica is eligible (optimistically) until proven down. */
  UNKNOWN,
  /** Probes succeed. */
  HEALTHY,
  /** Enough consecutive probes or requests failed; not eligible until it recovers. */
  UNHEALTHY
}
