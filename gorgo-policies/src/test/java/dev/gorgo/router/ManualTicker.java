package dev.gorgo.router;

import dev.gorgo.api.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker tests move by hand. */
final class ManualTicker implements Ticker {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Override
  public long nanos() {
    return now.get();
  }

  void advance(long amount, TimeUnit unit) {
    now.addAndGet(unit.toNanos(amount));
  }
}
