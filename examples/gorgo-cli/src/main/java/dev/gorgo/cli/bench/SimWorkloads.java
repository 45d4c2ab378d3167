package dev.gorgo.cli.bench;

import dev.gorgo.cli.UsageException;
import dev.gorgo.cli.bench.BenchRequest.Segments;
import dev.gorgo.sim.workload.SyntheticChat;
import dev.gorgo.sim.workload.TraceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Workloads taken from the simulator ({@code dev.gorgo.sim.workload}), so that the load generator,
 * the demo and the simulator replay the same requests: its synthetic multi-turn chat generator and
 * its Mooncake trace reader. Each request's prompt is a list of segments that {@link SegmentText}
 * renders as text when it is sent; arrival times are kept for the {@code replay} profile.
 */
public final class SimWorkloads {
  private SimWorkloads() {}

  /**
   * The simulator's synthetic chat workload, long enough for {@code requests} requests: 4 shared
   * system prompts (Zipf popularity) of about {@code systemTokens}, conversations of {@code turns}
   * turns on average whose history grows each turn, lognormal user messages around {@code
   * userTokens} and replies around {@code outputTokens} (sent as {@code max_tokens}), one new
   * conversation per second and about 1 s of think time between turns.
   */
  public static Workload syntheticChat(
      long seed, int requests, int systemTokens, int userTokens, int outputTokens, double turns) {
    double seconds = Math.ceil(requests / turns) * 1.5 + 10;
    SyntheticChat.Config c =
        new SyntheticChat.Config(
            seed,
            seconds,
            1.0, // new conversations per second
            4, // system prompts
            1.0, // Zipf exponent of their popularity
            systemTokens,
            0.3,
            turns,
            userTokens,
            0.6,
            outputTokens,
            0.5,
            8 * outputTokens, // reply cap
            1.0, // think time median, s
            0.5,
            15, // ms per streamed reply token before the next turn
            32_768);
    return of(SyntheticChat.generate(c).limit(requests));
  }

  /** Converts a simulator workload, keeping arrival times. */
  public static Replay of(dev.gorgo.sim.workload.Workload w) {
    List<BenchRequest> requests = new ArrayList<>(w.requests().size());
    for (TraceRequest r : w.requests()) {
      requests.add(
          new BenchRequest(
              requests.size(),
              new Segments(r.segmentIds(), r.segmentLengths()),
              r.promptTokens(),
              r.outputTokens(),
              r.arrivalNanos() / 1_000_000,
              r.sessionKey()));
    }
    if (requests.isEmpty()) {
      throw new UsageException("the workload " + w.name() + " holds no requests");
    }
    String description =
        String.format(
            java.util.Locale.ROOT,
            "%s: %d requests over %.1f s, %d conversations",
            w.name(),
            requests.size(),
            requests.get(requests.size() - 1).arrivalMillis() / 1000.0,
            requests.stream().map(BenchRequest::session).distinct().count());
    return new Replay(description, requests);
  }

  /**
   * A list of requests with arrival times. Immutable; cursors are thread-safe.
   *
   * @param describe description for reports
   * @param requests the requests in arrival order
   */
  public record Replay(String describe, List<BenchRequest> requests) implements Workload {
    public Replay {
      requests = List.copyOf(requests);
    }

    @Override
    public boolean hasArrivalTimes() {
      return true;
    }

    /** Arrival of the last request, ms from the first. */
    public long spanMillis() {
      return requests.get(requests.size() - 1).arrivalMillis();
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
}
