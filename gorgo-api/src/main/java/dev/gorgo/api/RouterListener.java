package dev.gorgo.api;

/**
 * Observes routing: decisions, queueing, rejections and outcomes. This is how metrics are bound
 * (the proxy binds it to Prometheus; a gateway may bind it to Micrometer) without the core
 * depending on a metrics library.
 *
 * <p>Methods are called synchronously on the routing threads, concurrently, and must be
 * thread-safe, fast and non-blocking. Every method has an empty default. A listener that throws
 * does not affect routing. Implementations must never log prompt content.
 */
public interface RouterListener {

  /** A listener that ignores everything. */
  RouterListener NONE = new RouterListener() {};

  /**
   * A policy decided. The view and its cost breakdown are valid only during this call.
   *
   * @param request the request
   * @param view the view decided against
   * @param decision the decision
   * @param decideNanos time the policy took, in nanoseconds
   */
  default void onDecision(
      RoutingRequest request, ClusterView view, Decision decision, long decideNanos) {}

  /**
   * A request entered the admission queue.
   *
   * @param request the request
   * @param queueDepth requests waiting, including this one
   */
  default void onQueued(RoutingRequest request, int queueDepth) {}

  /**
   * A request left the admission queue, routed or not.
   *
   * @param request the request
   * @param waitNanos time spent waiting, in nanoseconds
   * @param queueDepth requests still waiting
   */
  default void onDequeued(RoutingRequest request, long waitNanos, int queueDepth) {}

  /**
   * A request was rejected.
   *
   * @param request the request
   * @param reason why
   */
  default void onRejected(RoutingRequest request, RejectReason reason) {}

  /**
   * A routed request produced its first token.
   *
   * @param request the request
   * @param endpoint where it ran
   * @param ttftNanos time from arrival to first token, in nanoseconds
   */
  default void onFirstToken(RoutingRequest request, Endpoint endpoint, long ttftNanos) {}

  /**
   * A routed request's lease was released.
   *
   * @param request the request
   * @param endpoint where it ran
   * @param outcome how it ended
   * @param e2eNanos time from arrival to release, in nanoseconds
   */
  default void onCompleted(
      RoutingRequest request, Endpoint endpoint, Outcome outcome, long e2eNanos) {}
}
