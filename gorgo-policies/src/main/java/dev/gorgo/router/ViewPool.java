package dev.gorgo.router;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A small lock-free pool of {@link DecisionView}s. A {@code ThreadLocal} would allocate a view per
 * virtual thread (one per request in the proxy); a pool keeps the number of views near the number
 * of threads deciding at the same time. Borrowing starts at a random stripe and takes the first
 * free view with one {@code getAndSet}; when every stripe is busy a fresh view is made and offered
 * back on return.
 */
final class ViewPool {
  private final AtomicReferenceArray<@Nullable DecisionView> views; // null: slot empty
  private final int mask;
  private final Supplier<DecisionView> factory;

  ViewPool(Supplier<DecisionView> factory) {
    int n = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 8 - 1);
    n = Math.min(Math.max(n, 4), 64);
    this.views = new AtomicReferenceArray<>(n);
    this.mask = n - 1;
    this.factory = factory;
  }

  DecisionView borrow() {
    int start = ThreadLocalRandom.current().nextInt() & mask;
    for (int i = 0; i <= mask; i++) {
      DecisionView v = views.getAndSet((start + i) & mask, null);
      if (v != null) {
        return v;
      }
    }
    return factory.get();
  }

  void giveBack(DecisionView v) {
    int start = ThreadLocalRandom.current().nextInt() & mask;
    for (int i = 0; i <= mask; i++) {
      if (views.compareAndSet((start + i) & mask, null, v)) {
        return;
      }
    }
  }
}
