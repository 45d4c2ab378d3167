package dev.gorgo.proxy.observe;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.RouterListener;
import dev.gorgo.api.RoutingRequest;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Copies the per-endpoint view of a request's final routing decision for the CSV log and traces.
 *
 * <p>The request path {@link #begin begins} a capture before asking the router and {@link #end
 * ends} it afterwards; the listener hook fills it in, on whatever thread the router decided (queued
 * requests may be decided on the thread that freed capacity). Only requests that began a capture
 * are copied, so when recording is off nothing is allocated. Keys are request identities, not
 * values: two requests with equal fields never share a capture.
 */
public final class RoutingCapture implements RouterListener {
  private static final RoutingSnapshot PENDING =
      new RoutingSnapshot(new String[0], new int[0], 0, new double[0], -1, Double.NaN, 0, 0);

  private final ConcurrentHashMap<Key, RoutingSnapshot> pending = new ConcurrentHashMap<>();

  /** Starts capturing the decision for {@code request}. */
  public void begin(RoutingRequest request) {
    pending.put(new Key(request), PENDING);
  }

  /** Stops capturing and returns the final route decision's snapshot, or {@code null}. */
  public RoutingSnapshot end(RoutingRequest request) {
    RoutingSnapshot s = pending.remove(new Key(request));
    return s == PENDING ? null : s;
  }

  /** Requests currently being captured (tests assert this returns to zero). */
  public int size() {
    return pending.size();
  }

  @Override
  public void onDecision(
      RoutingRequest request, ClusterView view, Decision decision, long decideNanos) {
    if (pending.isEmpty() || !(decision instanceof Decision.Route route)) {
      return;
    }
    pending.computeIfPresent(
        new Key(request),
        (k, v) -> RoutingSnapshot.of(view, request.key().length(), route.index()));
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
