package dev.gorgo.cli.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A workload held in memory (read from a file). Immutable; cursors are thread-safe. */
final class ListWorkload implements Workload {
  private final String description;
  private final List<BenchRequest> requests;
  private final boolean arrivals;

  ListWorkload(String description, List<BenchRequest> requests) {
    this.description = description;
    this.requests = List.copyOf(requests);
    this.arrivals = !requests.isEmpty() && requests.stream().allMatch(r -> r.arrivalMillis() >= 0);
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public boolean hasArrivalTimes() {
    return arrivals;
  }

  int size() {
    return requests.size();
  }

  @Override
  public Cursor open() {
    AtomicInteger next = new AtomicInteger();
    return () -> {
      int i = next.getAndIncrement();
      return i < requests.size() ? requests.get(i) : null;
    };
  }
}
