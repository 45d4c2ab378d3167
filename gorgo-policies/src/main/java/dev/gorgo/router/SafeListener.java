package dev.gorgo.router;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Outcome;
import dev.gorgo.api.RejectReason;
import dev.gorgo.api.RouterListener;
import dev.gorgo.api.RoutingRequest;

/**
 * Calls the user's {@link RouterListener} and swallows what it throws: a broken metrics binding
 * must never break routing or leak a lease.
 */
final class SafeListener implements RouterListener {
  private final RouterListener delegate;

  SafeListener(RouterListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onDecision(
      RoutingRequest request, ClusterView view, Decision decision, long decideNanos) {
    try {
      delegate.onDecision(request, view, decision, decideNanos);
    } catch (RuntimeException | LinkageError ignored) {
      // a listener failure must not affect routing
    }
  }

  @Override
  public void onQueued(RoutingRequest request, int queueDepth) {
    try {
      delegate.onQueued(request, queueDepth);
    } catch (RuntimeException | LinkageError ignored) {
      // a listener failure must not affect routing
    }
  }

  @Override
  public void onDequeued(RoutingRequest request, long waitNanos, int queueDepth) {
    try {
      delegate.onDequeued(request, waitNanos, queueDepth);
    } catch (RuntimeException | LinkageError ignored) {
      // a listener failure must not affect routing
    }
  }

  @Override
  public void onRejected(RoutingRequest request, RejectReason reason) {
    try {
      delegate.onRejected(request, reason);
    } catch (RuntimeException | LinkageError ignored) {
      // a listener failure must not affect routing
    }
  }

  @Override
  public void onFirstToken(RoutingRequest request, Endpoint endpoint, long ttftNanos) {
    try {
      delegate.onFirstToken(request, endpoint, ttftNanos);
    } catch (RuntimeException | LinkageError ignored) {
      // a listener failure must not affect routing
    }
  }

  @Override
  public void onCompleted(
      RoutingRequest request, Endpoint endpoint, Outcome outcome, long e2eNanos) {
    try {
      delegate.onCompleted(request, endpoint, outcome, e2eNanos);
    } catch (RuntimeException | LinkageError ignored) {
      // a listener failure must not affect routing
    }
  }
}
