package dev.gorgo.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Virtual time: sleeping advances the clock at once and is recorded. */
public final class FakeTime implements TimeSource {
  private long now = TimeUnit.HOURS.toNanos(1);
  private final List<Long> sleeps = new ArrayList<>();

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized void sleep(long nanos) {
    if (nanos > 0) {
      sleeps.add(nanos);
      now += nanos;
    }
  }

  /** Advances the clock without recording a sleep (time spent elsewhere). */
  public synchronized void advance(long nanos) {
    now += nanos;
  }

  /** The sleeps so far, in milliseconds. */
  public synchronized List<Long> sleepsMillis() {
    return sleeps.stream().map(TimeUnit.NANOSECONDS::toMillis).toList();
  }
}
