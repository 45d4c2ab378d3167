package dev.gorgo.proxy.observe;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Outcome;
import dev.gorgo.api.RejectReason;
import dev.gorgo.api.RouterListener;
import dev.gorgo.api.RoutingRequest;
import java.util.List;

/** Fans each router event out to several listeners, in order. Immutable and thread-safe. */
public final class CompositeListener implements RouterListener {
  private final RouterListener[] listeners;

  /** Creates a listener calling each of {@code listeners} in turn. */
  public CompositeListener(List<RouterListener> listeners) {
    this.listeners = listeners.toArray(RouterListener[]::new);
  }

  @Override
  public void onDecision(RoutingRequest r, ClusterView view, Decision decision, long decideNanos) {
    for (RouterListener l : listeners) {
      l.onDecision(r, view, decision, decideNanos);
    }
  }

  @Override
  public void onQueued(RoutingRequest r, int queueDepth) {
    for (RouterListener l : listeners) {
      l.onQueued(r, queueDepth);
    }
  }

  @Override
  public void onDequeued(RoutingRequest r, long waitNanos, int queueDepth) {
    for (RouterListener l : listeners) {
      l.onDequeued(r, waitNanos, queueDepth);
    }
  }

  @Override
  public void onRejected(RoutingRequest r, RejectReason reason) {
    for (RouterListener l : listeners) {
      l.onRejected(r, reason);
    }
  }

  @Override
  public void onFirstToken(RoutingRequest r, Endpoint endpoint, long ttftNanos) {
    for (RouterListener l : listeners) {
      l.onFirstToken(r, endpoint, ttftNanos);
    }
  }

  @Override
  public void onCompleted(RoutingRequest r, Endpoint endpoint, Outcome outcome, long e2eNanos) {
    for (RouterListener l : listeners) {
      l.onCompleted(r, endpoint, outcome, e2eNanos);
    }
  }
}
