package dev.gorgo.api;

/** How a routed request ended, as reported when its lease is released. */
public enum Outcome {
  /** The replica answered completely. */
  SUCCESS,
  /**
   * The replica never accepted the request (connection refused, 5xx before any byte): the router
   * forgets the prefix it assumed the replica now caches.
   */
  NOT_ACCEPTED,
  /** The replica accepted the request and then failed (for example it died mid-stream). */
  FAILED,
  /** The client went away or the caller cancelled. */
  CANCELLED,
  /** The request exceeded its deadline at the replica. */
  TIMED_OUT
}
