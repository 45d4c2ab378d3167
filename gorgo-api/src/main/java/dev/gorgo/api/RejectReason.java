package dev.gorgo.api;

/** Why a request was not routed. Proxies map these to HTTP statuses (in parentheses). */
public enum RejectReason {
  /** The admission queue is full (429 with Retry-After). */
  QUEUE_FULL,
  /** The request waited in the admission queue longer than its timeout (504). */
  QUEUE_TIMEOUT,
  /** No endpoint is configured, or none is healthy (503). */
  NO_ENDPOINTS,
  /** The policy refused the request (503). */
  POLICY,
  /** The caller cancelled the request while it waited (499, client closed). */
  CANCELLED,
  /** The router is shutting down (503). */
  SHUTDOWN
}
