package dev.gorgo.router;

import dev.gorgo.api.Decision;
import dev.gorgo.api.RejectReason;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.api.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The bounded admission queue: requests that found no eligible endpoint wait here until capacity
 * frees, their deadline passes, or they are cancelled.
 *
 * <p><b>Structure.</b> An intrusive doubly linked FIFO of {@link Waiter}s guarded by one short lock
 * that is held only to link and unlink nodes, never while a policy decides or a future completes.
 * Because every waiter gets the same timeout and is stamped under the lock, deadlines are ordered
 * like the list, so expiry only ever looks at the head. Unlinking keeps the node's {@code next}
 * pointer, so a drain pass that is standing on a node removed meanwhile can still walk on.
 *
 * <p><b>Draining.</b> Whoever frees capacity (a released lease, a load report, a recovered
 * endpoint, a new endpoint or policy) calls {@link #drain}. A work-in-progress counter makes one
 * caller the drainer and turns concurrent calls into "run another pass", so no wake-up is lost and
 * no thread blocks. A pass walks the whole list in FIFO order and tries each waiter: a waiter the
 * policy still says must wait is skipped, not waited on, so there is no head-of-line blocking; the
 * pass stops early only when no endpoint at all is eligible. The original's 20 ms polling loop and
 * its queue/policy lock-order deadlock cannot happen here: no lock is held across a decision.
 */
final class AdmissionQueue {

  /** Routes one waiting request: returns a {@link Lease}, a {@link Decision.Wait} or a reject. */
  interface Admitter {
    Object admit(RoutingRequest request, long waitNanos);

    boolean anyEligible();
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger wip = new AtomicInteger();
  private final int capacity;
  private final long timeoutNanos;
  private final Ticker ticker;
  private final SafeListener listener;
  private @Nullable Waiter head; // guarded by lock
  private @Nullable Waiter tail; // guarded by lock
  private volatile int size;
  private volatile double waitEwmaNanos;

  AdmissionQueue(int capacity, long timeoutNanos, Ticker ticker, SafeListener listener) {
    this.capacity = capacity;
    this.timeoutNanos = timeoutNanos;
    this.ticker = ticker;
    this.listener = listener;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Adds a waiter, or throws {@code QUEUE_FULL} when the queue holds {@code capacity} already. */
  Waiter enqueue(RoutingRequest request) throws RejectedException {
    Waiter w;
    int depth;
    lock.lock();
    try {
      if (size >= capacity) {
        depth = -1;
        w = null;
      } else {
        long now = ticker.nanos();
        w = new Waiter(this, request, now, now + timeoutNanos);
        w.prev = tail;
        if (tail == null) {
          head = w;
        } else {
          tail.next = w;
        }
        tail = w;
        w.linked = true;
        depth = ++size;
      }
    } finally {
      lock.unlock();
    }
    if (w == null) {
      listener.onRejected(request, RejectReason.QUEUE_FULL);
      throw new RejectedException(
          RejectReason.QUEUE_FULL, "admission queue full (" + capacity + " waiting)", retryAfter());
    }
    listener.onQueued(request, depth);
    return w;
  }

  /** The advice given with {@code QUEUE_FULL}: the recent mean queue wait, 1 s to the timeout. */
  Duration retryAfter() {
    long ewmaSeconds = (long) Math.ceil(waitEwmaNanos / 1e9);
    long maxSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(timeoutNanos));
    return Duration.ofSeconds(Math.max(1, Math.min(maxSeconds, ewmaSeconds)));
  }

  /** Deadline of the oldest waiter, or {@link Long#MAX_VALUE} when empty. */
  long headDeadline() {
    lock.lock();
    try {
      return head == null ? Long.MAX_VALUE : head.deadlineNanos;
    } finally {
      lock.unlock();
    }
  }

  private boolean unlink(Waiter w) {
    lock.lock();
    try {
      if (!w.linked) {
        return false;
      }
      w.linked = false;
      if (w.prev == null) {
        head = w.next;
      } else {
        w.prev.next = w.next;
      }
      if (w.next == null) {
        tail = w.prev;
      } else {
        w.next.prev = w.prev;
      }
      // w.next is kept on purpose: a drain pass standing on w can still move on.
      size--;
      return true;
    } finally {
      lock.unlock();
    }
  }

  private @Nullable Waiter first() {
    lock.lock();
    try {
      return head;
    } finally {
      lock.unlock();
    }
  }

  /** Runs drain passes until no more capacity signals are pending. Never blocks. */
  void drain(Admitter admitter) {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      pass(admitter);
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void pass(Admitter admitter) {
    Waiter w = first();
    while (w != null) {
      Waiter next = w.next;
      if (w.linked) {
        long now = ticker.nanos();
        if (w.isDone()) {
          // completed from outside (for example cancelled through another stage): just drop it
          if (unlink(w)) {
            listener.onDequeued(w.request, now - w.enqueuedNanos, size);
          }
        } else if (now - w.deadlineNanos >= 0) {
          fail(w, RejectReason.QUEUE_TIMEOUT, "waited longer than the admission timeout", now);
        } else if (!admitter.anyEligible()) {
          return;
        } else {
          Object result = admitter.admit(w.request, now - w.enqueuedNanos);
          if (result instanceof Lease) {
            Lease lease = (Lease) result;
            if (unlink(w)) {
              long waited = now - w.enqueuedNanos;
              waitEwmaNanos = waitEwmaNanos == 0 ? waited : 0.2 * waited + 0.8 * waitEwmaNanos;
              listener.onDequeued(w.request, waited, size);
              if (!w.complete(lease)) {
                lease.abandon();
              }
            } else {
              lease.abandon();
            }
          } else if (result instanceof Decision.Reject) {
            Decision.Reject r = (Decision.Reject) result;
            fail(w, r.reason(), r.message(), now);
          }
          // Decision.Wait: leave it queued and try the next one (no head-of-line blocking)
        }
      }
      w = next;
    }
  }

  private void fail(Waiter w, RejectReason reason, String message, long now) {
    if (unlink(w)) {
      listener.onDequeued(w.request, now - w.enqueuedNanos, size);
      listener.onRejected(w.request, reason);
      w.completeExceptionally(new RejectedException(reason, message, Duration.ZERO));
    }
  }

  /**
   * Times out every waiter whose deadline has passed.
   *
   * @return how many were timed out
   */
  int expire() {
    int n = 0;
    for (; ; ) {
      long now = ticker.nanos();
      Waiter w;
      lock.lock();
      try {
        w = head;
        if (w == null || now - w.deadlineNanos < 0) {
          return n;
        }
      } finally {
        lock.unlock();
      }
      if (unlink(w)) {
        n++;
        listener.onDequeued(w.request, now - w.enqueuedNanos, size);
        listener.onRejected(w.request, RejectReason.QUEUE_TIMEOUT);
        w.completeExceptionally(
            new RejectedException(
                RejectReason.QUEUE_TIMEOUT,
                "waited longer than the admission timeout",
                Duration.ZERO));
      }
    }
  }

  /** Rejects every waiter (router shutdown). */
  void rejectAll(RejectReason reason, String message) {
    for (Waiter w = first(); w != null; w = first()) {
      fail(w, reason, message, ticker.nanos());
    }
  }

  void cancelled(Waiter w) {
    if (unlink(w)) {
      listener.onDequeued(w.request, ticker.nanos() - w.enqueuedNanos, size);
      listener.onRejected(w.request, RejectReason.CANCELLED);
    }
  }

  /**
   * A queued request: the future its caller waits on, and its node in the queue. Cancelling the
   * future ({@code cancel(true)}) removes it from the queue at once.
   */
  static final class Waiter extends CompletableFuture<Lease> {
    private final AdmissionQueue queue;
    final RoutingRequest request;
    final long enqueuedNanos;
    final long deadlineNanos;
    @Nullable Waiter prev; // guarded by queue.lock
    volatile @Nullable Waiter next; // written under queue.lock, read by drain passes without it
    volatile boolean linked; // written under queue.lock

    Waiter(AdmissionQueue queue, RoutingRequest request, long enqueuedNanos, long deadlineNanos) {
      this.queue = queue;
      this.request = request;
      this.enqueuedNanos = enqueuedNanos;
      this.deadlineNanos = deadlineNanos;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        queue.cancelled(this);
      }
      return cancelled;
    }
  }
}
