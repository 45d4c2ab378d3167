package dev.gorgo.router;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Outcome;
import dev.gorgo.api.RoutingRequest;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One routed request's hold on an endpoint: what {@link Router#route} returns. While a lease is
 * open, the request counts as in flight at its endpoint (as prefilling until {@link #firstToken()},
 * then as decoding); releasing the lease returns that load and may admit a waiting request.
 *
 * <p>A lease is released exactly once, by the first of {@link #complete(Outcome)} or {@link
 * #close()}; later calls do nothing. Use it in try-with-resources so that no path (error, timeout,
 * cancellation) can leak in-flight load:
 *
 * <pre>{@code
 * try (Lease lease = router.route(request)) {
 *   Response r = forward(lease.endpoint(), body);   // replica answered: lease.accepted()
 *   lease.accepted();
 *   relay(r, chunk -> lease.firstToken());          // first content chunk
 *   lease.complete(Outcome.SUCCESS);
 * }                                                 // any exception: close() releases it
 * }</pre>
 *
 * <p>{@link #close()} without {@link #complete(Outcome)} records {@link Outcome#SUCCESS} when the
 * replica {@linkplain #accepted() accepted} the request or {@linkplain #firstToken() produced a
 * token}, and {@link Outcome#NOT_ACCEPTED} otherwise. A request that fails before the replica
 * accepted it ({@code NOT_ACCEPTED}, or {@code FAILED} reported before {@link #accepted()}) is
 * taken back out of the router's prefix index, since the replica never cached its prompt.
 *
 * <p>Thread-safe: the methods may be called from different threads (for example the request thread
 * and a stream callback).
 */
public final class Lease implements AutoCloseable {
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Lease.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final int PREFILLING = 0;
  static final int DECODING = 1;
  static final int RELEASED = 2;

  private final Router router;
  private final EndpointSlot slot;
  private final RoutingRequest request;
  private final double predictedTtftMillis;
  private final long queueWaitNanos;
  private final int index;

  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;

  private volatile boolean accepted;

  Lease(
      Router router,
      EndpointSlot slot,
      int index,
      RoutingRequest request,
      double predictedTtftMillis,
      long queueWaitNanos) {
    this.router = router;
    this.slot = slot;
    this.index = index;
    this.request = request;
    this.predictedTtftMillis = predictedTtftMillis;
    this.queueWaitNanos = queueWaitNanos;
  }

  /**
   * The endpoint the request was routed to.
   *
   * @return the endpoint (with its current capacity hints), never {@code null}
   */
  public Endpoint endpoint() {
    return slot.endpoint();
  }

  /**
   * The endpoint's index in the {@link dev.gorgo.api.ClusterView} the decision was made against
   * (equal to its position in {@link Router#endpoints()} unless endpoints were added or removed
   * since).
   *
   * @return the index, at least 0
   */
  public int index() {
    return index;
  }

  /**
   * The routed request.
   *
   * @return the request, never {@code null}
   */
  public RoutingRequest request() {
    return request;
  }

  /**
   * The policy's predicted time to first token at the chosen endpoint (cost-based policies only).
   *
   * @return milliseconds, or {@link Double#NaN} when the policy computed no cost
   */
  public double predictedTtftMillis() {
    return predictedTtftMillis;
  }

  /**
   * How long the request waited in the admission queue.
   *
   * @return nanoseconds by the router's ticker, 0 when it was routed at once
   */
  public long queueWaitNanos() {
    return queueWaitNanos;
  }

  /**
   * Records that the replica accepted the request (status line or first response byte received).
   * Idempotent.
   */
  public void accepted() {
    accepted = true;
  }

  /**
   * Records the first generated token: the request moves from prefilling to decoding in the
   * endpoint's load, and counts as {@linkplain #accepted() accepted}. Idempotent; ignored after
   * release.
   */
  public void firstToken() {
    accepted = true;
    if (STATE.compareAndSet(this, PREFILLING, DECODING)) {
      slot.movedToDecoding(request.promptTokens());
      router.firstToken(this);
    }
  }

  /**
   * Whether the lease has been released.
   *
   * @return {@code true} after {@link #complete(Outcome)} or {@link #close()}
   */
  public boolean isReleased() {
    return state == RELEASED;
  }

  /**
   * Records how the request ended and releases the lease. Only the first release counts.
   *
   * @param outcome how it ended; {@link Outcome#FAILED} before {@link #accepted()} counts as {@link
   *     Outcome#NOT_ACCEPTED}
   * @return {@code true} if this call released the lease, {@code false} if it was released before
   */
  public boolean complete(Outcome outcome) {
    if (outcome == null) {
      throw new NullPointerException("outcome");
    }
    Outcome o = outcome == Outcome.FAILED && !accepted ? Outcome.NOT_ACCEPTED : outcome;
    return release(o, true);
  }

  /**
   * Releases the lease if it is still held, recording {@link Outcome#SUCCESS} when the replica
   * accepted the request and {@link Outcome#NOT_ACCEPTED} otherwise. Idempotent.
   */
  @Override
  public void close() {
    release(accepted ? Outcome.SUCCESS : Outcome.NOT_ACCEPTED, true);
  }

  /** Undoes a dispatch that was never handed to a caller (its waiter was cancelled meanwhile). */
  void abandon() {
    release(Outcome.NOT_ACCEPTED, false);
  }

  private boolean release(Outcome outcome, boolean notify) {
    for (; ; ) {
      int s = state;
      if (s == RELEASED) {
        return false;
      }
      if (STATE.compareAndSet(this, s, RELEASED)) {
        slot.release(s == DECODING, request.promptTokens());
        router.released(this, slot, outcome, notify);
        return true;
      }
    }
  }

  @Override
  public String toString() {
    return "Lease[" + request.requestId() + " -> " + slot.id() + "]";
  }
}
