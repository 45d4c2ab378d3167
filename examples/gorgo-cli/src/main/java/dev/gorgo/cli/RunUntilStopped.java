package dev.gorgo.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a long-running server (the proxy, emulated replicas) up until Ctrl-C, SIGTERM or an
 * optional duration, then closes it exactly once: from the shutdown hook when the JVM is stopping,
 * else from {@link #await}.
 */
public final class RunUntilStopped {
  private final AutoCloseable server;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread hook;

  private RunUntilStopped(AutoCloseable server, String threadName) {
    this.server = server;
    this.hook = new Thread(this::stop, threadName);
  }

  /**
   * Registers the shutdown hook for a started server.
   *
   * @param server what to close on stop
   * @param threadName the shutdown hook thread's name
   * @return the handle to {@link #await} on
   */
  public static RunUntilStopped install(AutoCloseable server, String threadName) {
    RunUntilStopped r = new RunUntilStopped(server, threadName);
    Runtime.getRuntime().addShutdownHook(r.hook);
    return r;
  }

  /**
   * Waits until the JVM is stopping or the duration has passed, then closes the server.
   *
   * @param durationSeconds how long to run, or {@code null} for until stopped
   * @throws InterruptedException if interrupted while waiting (the server is closed anyway)
   */
  public void await(Double durationSeconds) throws InterruptedException {
    try {
      if (durationSeconds == null) {
        stopped.await();
      } else {
        stopped.await((long) (durationSeconds * 1000), TimeUnit.MILLISECONDS);
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook closes the server
      }
      stop();
    }
  }

  private synchronized void stop() {
    if (stopped.getCount() == 0) {
      return;
    }
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing failed: " + e.getMessage(), e);
    } finally {
      stopped.countDown();
    }
  }
}
