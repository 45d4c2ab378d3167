package dev.gorgo.sim.workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A named list of requests in arrival order. Immutable and thread-safe.
 *
 * @param name what it is, for reports (for example the trace's file name)
 * @param requests the requests, sorted by arrival (stably, so equal times keep their order)
 */
public record Workload(String name, List<TraceRequest> requests) {

  /**
   * Sorts and copies the requests.
   *
   * @throws NullPointerException if a component is {@code null}
   */
  public Workload {
    Objects.requireNonNull(name, "name");
    List<TraceRequest> sorted = new ArrayList<>(Objects.requireNonNull(requests, "requests"));
    sorted.sort(Comparator.comparingLong(TraceRequest::arrivalNanos));
    requests = List.copyOf(sorted);
  }

  /**
   * Returns the workload with arrival rates multiplied: every arrival time divided by {@code
   * factor}, so 2 sends the same requests twice as fast.
   *
   * @param factor rate multiplier; finite and positive
   * @return the scaled workload (this one when {@code factor} is 1)
   * @throws IllegalArgumentException if {@code factor} is not finite and positive
   */
  public Workload scaled(double factor) {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("rate scale must be finite and > 0, was " + factor);
    }
    if (factor == 1) {
      return this;
    }
    List<TraceRequest> out = new ArrayList<>(requests.size());
    for (TraceRequest r : requests) {
      out.add(r.withArrivalNanos(Math.round(r.arrivalNanos() / factor)));
    }
    return new Workload(name + " x" + factor, out);
  }

  /**
   * The first {@code n} requests.
   *
   * @param n how many; at least 0
   * @return the truncated workload (this one when it has no more than {@code n})
   */
  public Workload limit(int n) {
    return n >= requests.size() ? this : new Workload(name, requests.subList(0, n));
  }

  /**
   * Time from the first to the last arrival.
   *
   * @return nanoseconds, 0 when empty
   */
  public long spanNanos() {
    return requests.isEmpty()
        ? 0
        : requests.get(requests.size() - 1).arrivalNanos() - requests.get(0).arrivalNanos();
  }

  /**
   * Mean arrival rate.
   *
   * @return requests per second, 0 when the span is 0
   */
  public double ratePerSecond() {
    long span = spanNanos();
    return span == 0 ? 0 : (requests.size() - 1) * 1e9 / span;
  }
}
