package dev.gorgo.cli.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The live progress line of a run. On a terminal it rewrites one line twice a second; otherwise (CI
 * logs, pipes) it prints a line every five seconds. Prints no prompt text, only counts.
 */
public interface Progress {

  /** Starts showing a run. */
  void start(String label, double maxSeconds, int maxRequests, LiveStats live);

  /** Stops showing the current run (ends the line). */
  void stop();

  /** Shows nothing. */
  static Progress none() {
    return new Progress() {
      @Override
      public void start(String label, double maxSeconds, int maxRequests, LiveStats live) {}

      @Override
      public void stop() {}
    };
  }

  /**
   * Shows progress on {@code out}.
   *
   * @param out where to print (standard error, so standard output stays clean for results)
   * @param interactive rewrite one line in place (a terminal) instead of printing lines
   */
  static Progress console(PrintStream out, boolean interactive) {
    return new Progress() {
      private final ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "gorgo-progress");
                t.setDaemon(true);
                return t;
              });
      private ScheduledFuture<?> task;
      private Runnable last = () -> {};

      @Override
      public synchronized void start(
          String label, double maxSeconds, int maxRequests, LiveStats live) {
        last =
            () -> {
              String line = line(label, maxSeconds, maxRequests, live);
              synchronized (out) {
                if (interactive) {
                  out.print("\r" + line + "\033[K");
                } else {
                  out.println(line);
                }
                out.flush();
              }
            };
        long period = interactive ? 500 : 5000;
        task = timer.scheduleAtFixedRate(last, period, period, TimeUnit.MILLISECONDS);
      }

      @Override
      public synchronized void stop() {
        if (task != null) {
          task.cancel(false);
          task = null;
          if (interactive) {
            last.run();
            out.println();
          }
        }
      }
    };
  }

  /** The text of a progress line. */
  static String line(String label, double maxSeconds, int maxRequests, LiveStats live) {
    double p50 = live.ttftP50();
    return String.format(
        Locale.ROOT,
        "%-22s %5.1fs/%.0fs  sent %d%s  ok %d  err %d  in-flight %d  ttft p50 %s  %,.0f tok/s",
        label,
        live.elapsedSeconds(),
        maxSeconds,
        live.sent(),
        maxRequests == Integer.MAX_VALUE ? "" : "/" + maxRequests,
        live.ok(),
        live.failed(),
        live.inFlight(),
        Double.isNaN(p50) ? "-" : String.format(Locale.ROOT, "%.0f ms", p50),
        live.outputTokensPerSecond());
  }
}
