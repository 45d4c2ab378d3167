package dev.gorgo.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one phase of a benchmark: paces a workload's requests by profile and collects results.
 *
 * <p>Open-loop profiles (poisson, constant, throughput, replay) compute each request's due time
 * from the profile alone, so a slow server does not slow the arrivals down (as it would in a closed
 * loop); a semaphore caps requests in flight at the phase's concurrency, and a request that has to
 * wait for a slot is sent late, which its result shows ({@code startMs} after {@code scheduledMs}).
 * The closed-loop profile (concurrent) runs a fixed number of virtual threads, each sending its
 * next request when the previous one ends.
 *
 * <p>Every phase is bounded: it stops sending at {@code maxRequests} or at the time limit,
 * whichever comes first, and at the time limit cancels the requests still in flight (they count as
 * incomplete, not as errors). Each request runs on its own virtual thread.
 */
public final class LoadGenerator {

  /**
   * One phase.
   *
   * @param profile pacing (never {@code SWEEP}: a sweep is a sequence of phases)
   * @param rate requests/s for poisson and constant
   * @param concurrency streams for concurrent; the in-flight cap for open-loop profiles
   * @param timeScale replay speed-up: arrival times are divided by it
   */
  public record Phase(Profile profile, double rate, int concurrency, double timeScale) {
    public Phase {
      if (profile == Profile.SWEEP) {
        throw new IllegalArgumentException("a sweep is run as several phases");
      }
      if ((profile == Profile.POISSON || profile == Profile.CONSTANT) && !(rate > 0)) {
        throw new IllegalArgumentException(profile.key() + " needs a rate > 0");
      }
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be >= 1");
      }
    }

    /** A short name for tables, for example {@code poisson@4/s} or {@code concurrent@8}. */
    public String label() {
      return switch (profile) {
        case POISSON, CONSTANT -> profile.key() + "@" + compact(rate) + "/s";
        case CONCURRENT -> concurrency == 1 ? "synchronous" : "concurrent@" + concurrency;
        case THROUGHPUT -> "throughput";
        case REPLAY -> "replay x" + compact(timeScale);
        case SWEEP -> "sweep";
      };
    }

    /** Four significant digits without trailing zeros: 50, 2.5, 13.33. */
    static String compact(double v) {
      return new java.math.BigDecimal(v, new java.math.MathContext(4))
          .stripTrailingZeros()
          .toPlainString();
    }
  }

  /**
   * Bounds of a phase.
   *
   * @param maxDuration time limit
   * @param maxRequests most requests sent
   */
  public record Limits(Duration maxDuration, int maxRequests) {
    public Limits {
      if (maxDuration.isNegative() || maxDuration.isZero()) {
        throw new IllegalArgumentException("max duration must be positive");
      }
      if (maxRequests < 1) {
        throw new IllegalArgumentException("max requests must be >= 1");
      }
    }
  }

  private final StreamingClient client;
  private final Progress progress;
  private final long seed;

  /**
   * @param client sends the requests
   * @param progress shows the run
   * @param seed seeds the Poisson gaps
   */
  public LoadGenerator(StreamingClient client, Progress progress, long seed) {
    this.client = client;
    this.progress = progress;
    this.seed = seed;
  }

  /**
   * Runs a phase to its end.
   *
   * @param phase the pacing
   * @param workload the requests (a new cursor is opened)
   * @param limits the bounds
   * @return the results
   * @throws InterruptedException if interrupted; requests in flight are cancelled first
   */
  public RunResult run(Phase phase, Workload workload, Limits limits) throws InterruptedException {
    return run(phase, workload, limits, phase.label());
  }

  /**
   * Runs a phase to its end under a name of the caller's choosing (the demo names runs by policy).
   *
   * @param phase the pacing
   * @param workload the requests (a new cursor is opened)
   * @param limits the bounds
   * @param label the name shown in progress and results
   * @return the results
   * @throws InterruptedException if interrupted; requests in flight are cancelled first
   */
  public RunResult run(Phase phase, Workload workload, Limits limits, String label)
      throws InterruptedException {
    LiveStats live = new LiveStats();
    ConcurrentLinkedQueue<RequestResult> results = new ConcurrentLinkedQueue<>();
    long epoch = System.currentTimeMillis();
    long start = live.startNanos;
    long deadline = start + limits.maxDuration().toNanos();
    Workload.Cursor cursor = workload.open();
    List<Future<?>> tasks = new ArrayList<>();
    progress.start(label, limits.maxDuration().toMillis() / 1000.0, limits.maxRequests(), live);
    try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
      try {
        if (phase.profile().openLoop()) {
          openLoop(phase, cursor, limits, start, deadline, exec, tasks, live, results);
        } else {
          closedLoop(phase, cursor, limits, start, deadline, exec, tasks, live, results);
        }
        awaitAll(tasks, deadline);
      } finally {
        // interrupted or done: nothing may outlive the phase
        if (!allDone(tasks)) {
          drain(tasks);
        }
      }
    } finally {
      progress.stop();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return RunResult.of(
        label,
        phase.profile(),
        phase.profile() == Profile.CONCURRENT || phase.profile() == Profile.THROUGHPUT
            ? Double.NaN
            : phase.rate(),
        phase.concurrency(),
        epoch,
        seconds,
        new ArrayList<>(results));
  }

  private void openLoop(
      Phase phase,
      Workload.Cursor cursor,
      Limits limits,
      long start,
      long deadline,
      ExecutorService exec,
      List<Future<?>> tasks,
      LiveStats live,
      ConcurrentLinkedQueue<RequestResult> results)
      throws InterruptedException {
    Semaphore slots = new Semaphore(phase.concurrency());
    SplittableRandom random = new SplittableRandom(seed);
    double offsetNanos = 0;
    long firstArrival = -1;
    for (int i = 0; i < limits.maxRequests(); i++) {
      BenchRequest r = cursor.next();
      if (r == null) {
        break;
      }
      switch (phase.profile()) {
        case POISSON -> {
          if (i > 0) {
            offsetNanos += -Math.log(1 - random.nextDouble()) / phase.rate() * 1e9;
          }
        }
        case CONSTANT -> offsetNanos = i / phase.rate() * 1e9;
        case REPLAY -> {
          if (firstArrival < 0) {
            firstArrival = Math.max(0, r.arrivalMillis());
          }
          offsetNanos = Math.max(0, r.arrivalMillis() - firstArrival) * 1e6 / phase.timeScale();
        }
        default -> offsetNanos = 0;
      }
      long due = start + (long) offsetNanos;
      if (due >= deadline) {
        break;
      }
      sleepUntil(due);
      long wait = deadline - System.nanoTime();
      if (wait <= 0 || !slots.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
        break;
      }
      live.sent.incrementAndGet();
      tasks.add(
          exec.submit(
              () -> {
                try {
                  RequestResult res = client.send(r, start, due);
                  results.add(res);
                  live.record(res);
                } finally {
                  slots.release();
                }
              }));
    }
  }

  private void closedLoop(
      Phase phase,
      Workload.Cursor cursor,
      Limits limits,
      long start,
      long deadline,
      ExecutorService exec,
      List<Future<?>> tasks,
      LiveStats live,
      ConcurrentLinkedQueue<RequestResult> results) {
    AtomicInteger budget = new AtomicInteger(limits.maxRequests());
    for (int c = 0; c < phase.concurrency(); c++) {
      tasks.add(
          exec.submit(
              () -> {
                while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                  BenchRequest r = cursor.next();
                  if (r == null) {
                    return;
                  }
                  live.sent.incrementAndGet();
                  RequestResult res = client.send(r, start, System.nanoTime());
                  results.add(res);
                  live.record(res);
                }
              }));
    }
  }

  /** Waits for every task until the deadline; then cancels what is still in flight. */
  private void awaitAll(List<Future<?>> tasks, long deadline) throws InterruptedException {
    for (Future<?> f : tasks) {
      long left = deadline - System.nanoTime();
      try {
        if (left <= 0) {
          break;
        }
        f.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        break;
      } catch (ExecutionException e) {
        throw new IllegalStateException("a request task failed: " + e.getCause(), e.getCause());
      }
    }
    drain(tasks);
  }

  /** Cancels calls in flight until every task has ended (a task may start a call late). */
  private void drain(List<Future<?>> tasks) {
    while (!allDone(tasks)) {
      client.cancelAll();
      LockSupport.parkNanos(20_000_000L);
    }
  }

  private static boolean allDone(List<Future<?>> tasks) {
    for (Future<?> f : tasks) {
      if (!f.isDone()) {
        return false;
      }
    }
    return true;
  }

  private static void sleepUntil(long due) throws InterruptedException {
    long left;
    while ((left = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }
}
