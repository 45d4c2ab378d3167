package dev.gorgo.proxy.observe;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.Endpoint;
import dev.gorgo.api.RouterListener;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.api.Ticker;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Collects, per in-flight request, what the router decided for it: the endpoint of the last route
 * decision, how many route decisions there were (one per upstream attempt), the policy's decision
 * time, the admission-queue wait, and optionally a full per-endpoint {@link RoutingSnapshot} for
 * the CSV log and traces.
 *
 * <p>The request path {@link #begin begins} a capture before asking the router and {@link #end
 * ends} it afterwards; the listener hooks fill it in, on whatever thread the router decided (queued
 * requests may be decided on the thread that freed capacity), hence volatile fields. Keys are
 * request identities, not values, so two requests with equal fields never share a capture. Requests
 * that never began a capture cost one map lookup per decision.
 */
public final class RoutingCapture implements RouterListener {
  private final ConcurrentHashMap<Key, Capture> pending = new ConcurrentHashMap<>();
  private final Ticker ticker;
  private final Consumer<String> onRetry;

  /**
   * Creates a capture hub.
   *
   * @param ticker the router's clock, for dispatch timestamps
   * @param onRetry told the id of the endpoint a request is retried away from (a second or later
   *     route decision for the same request)
   */
  public RoutingCapture(Ticker ticker, Consumer<String> onRetry) {
    this.ticker = ticker;
    this.onRetry = onRetry;
  }

  /** What was decided for one request. Written by listener hooks, read by the request path. */
  public static final class Capture {
    private final boolean detailed;
    private volatile int routes;
    private volatile Endpoint endpoint;
    private volatile long decideNanos;
    private volatile long dispatchNanos;
    private volatile long queueWaitNanos;
    private volatile RoutingSnapshot snapshot;

    Capture(boolean detailed) {
      this.detailed = detailed;
    }

    /** Route decisions so far (upstream attempts). */
    public int routes() {
      return routes;
    }

    /** Endpoint of the last route decision, or {@code null}. */
    public Endpoint endpoint() {
      return endpoint;
    }

    /** Policy time of the last decision, ns. */
    public long decideNanos() {
      return decideNanos;
    }

    /** Ticker time of the last route decision, or 0. */
    public long dispatchNanos() {
      return dispatchNanos;
    }

    /** Total admission-queue wait, ns. */
    public long queueWaitNanos() {
      return queueWaitNanos;
    }

    /** Per-endpoint view of the last route decision, when captured in detail; else {@code null}. */
    public RoutingSnapshot snapshot() {
      return snapshot;
    }
  }

  /**
   * Starts capturing the decisions for {@code request}.
   *
   * @param detailed also copy the per-endpoint view (for the CSV log and traces)
   */
  public Capture begin(RoutingRequest request, boolean detailed) {
    Capture c = new Capture(detailed);
    pending.put(new Key(request), c);
    return c;
  }

  /** Stops capturing for {@code request}. */
  public void end(RoutingRequest request) {
    pending.remove(new Key(request));
  }

  /** Requests currently being captured (tests assert this returns to zero). */
  public int size() {
    return pending.size();
  }

  @Override
  public void onDecision(
      RoutingRequest request, ClusterView view, Decision decision, long decideNanos) {
    if (!(decision instanceof Decision.Route route)) {
      return;
    }
    Capture c = pending.get(new Key(request));
    if (c == null) {
      return;
    }
    Endpoint previous = c.endpoint;
    if (previous != null) {
      onRetry.accept(previous.id());
    }
    c.routes = c.routes + 1;
    c.endpoint = view.endpoint(route.index());
    c.decideNanos = decideNanos;
    c.dispatchNanos = ticker.nanos();
    if (c.detailed) {
      c.snapshot = RoutingSnapshot.of(view, request.key().length(), route.index());
    }
  }

  @Override
  public void onDequeued(RoutingRequest request, long waitNanos, int queueDepth) {
    Capture c = pending.get(new Key(request));
    if (c != null) {
      c.queueWaitNanos = c.queueWaitNanos + waitNanos;
    }
  }

  private record Key(RoutingRequest request) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.request == request;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(request);
    }
  }
}
