package dev.gorgo.emulator.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Drives one {@link ReplicaEngine} in (scaled) real time from a single engine thread.
 *
 * <h2>Design</h2>
 *
 * The engine model is a discrete-event simulation and not thread-safe, so exactly one thread owns
 * it. HTTP handler threads never touch it: they hand commands (submit, abort, flush) to the engine
 * thread through an unbounded MPSC queue and receive results through each request's {@link
 * Generation} event queue. The engine thread loops: run pending commands, advance the model to the
 * current model time (wall time multiplied by the time scale, see {@link EngineClock}), publish
 * gauges, then sleep on the command queue until the model's next event or the next command,
 * whichever comes first. With an instant clock it instead jumps model time from event to event
 * without sleeping, so the model costs no wall time at all.
 *
 * <p>Listener callbacks run on the engine thread inside {@code advance}; they translate model
 * events into {@link Generation.Event}s stamped with the wall time at which the model produced
 * them, so that the handler can write each one exactly when a real server would have (plus the
 * network delay). Every request leaves the live table exactly once: on finish, on abort, or when
 * the driver stops (then it gets a {@link Generation.Failed}), so slots cannot leak.
 *
 * <p>Thread-safety: public methods may be called from any thread.
 */
public final class EngineDriver implements AutoCloseable {
  private static final long THROUGHPUT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ReplicaEngine engine;
  private final EngineClock clock;
  private final ReplicaMetrics metrics;
  private final int maxQueued;
  private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final Object accepting = new Object();
  private volatile boolean stopped; // written under 'accepting'; no command is queued after it

  // Engine-thread state.
  private final Map<Long, Generation> live = new HashMap<>();
  private Generation submitting;
  private long windowStart;
  private long windowTokens;
  private long windowPrompt;
  private long windowCached;

  /**
   * Creates a driver and starts its engine thread.
   *
   * @param factory creates the engine with the driver's listener
   * @param clock the time mapping
   * @param modelName served model name, for the metric labels
   * @param maxQueued waiting requests beyond which new ones are refused with 503 (as SGLang's
   *     {@code --max-queued-requests}); {@link Integer#MAX_VALUE} for unbounded
   * @param name thread name suffix
   */
  public EngineDriver(
      ReplicaEngine.Factory factory,
      EngineClock clock,
      String modelName,
      int maxQueued,
      String name) {
    this.engine = factory.create(new Listener());
    this.clock = clock;
    this.metrics =
        new ReplicaMetrics(modelName, engine.spec().kvCapacityTokens(), engine.spec().pageSize());
    this.maxQueued = maxQueued;
    this.thread =
        Thread.ofPlatform().daemon().name("gorgo-emulator-engine-" + name).unstarted(this::run);
    thread.start();
  }

  /**
   * Returns the engine's static shape.
   *
   * @return the shape
   */
  public EngineSpec spec() {
    return engine.spec();
  }

  /**
   * Returns the clock.
   *
   * @return the clock
   */
  public EngineClock clock() {
    return clock;
  }

  /**
   * Submits a request to the engine.
   *
   * @param promptTokens prompt token ids
   * @param outputTokens the token ids the request will produce, at least one
   * @param internal {@code true} for health probes, which are kept out of the metrics
   * @return the request, whose events follow
   */
  public Generation submit(int[] promptTokens, int[] outputTokens, boolean internal) {
    Generation g = new Generation(promptTokens, outputTokens, internal);
    if (!command(() -> doSubmit(g))) {
      g.post(new Generation.Failed(503, "The server is shutting down.", System.nanoTime()));
    }
    return g;
  }

  /**
   * Aborts a request whose client went away; idempotent, a no-op once it finished.
   *
   * @param g the request
   */
  public void abort(Generation g) {
    g.markAbandoned();
    command(() -> doAbort(g));
  }

  /**
   * Asks the engine to flush its prefix cache.
   *
   * @return completes with {@code true} if flushed, {@code false} if refused (requests pending)
   */
  public CompletableFuture<Boolean> flushCache() {
    CompletableFuture<Boolean> f = new CompletableFuture<>();
    if (!command(() -> f.complete(engine.flushCache()))) {
      f.complete(false);
    }
    return f;
  }

  /**
   * Returns the longest cached prefix of a prompt (asked on the engine thread).
   *
   * @param promptTokens prompt token ids
   * @return completes with the cached prefix length in tokens
   */
  public CompletableFuture<Integer> peekCachedPrefix(int[] promptTokens) {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    if (!command(() -> f.complete(engine.peekCachedPrefix(promptTokens)))) {
      f.complete(0);
    }
    return f;
  }

  /**
   * Returns the metrics.
   *
   * @return the metrics
   */
  public ReplicaMetrics metrics() {
    return metrics;
  }

  /**
   * Returns whether the engine thread runs.
   *
   * @return {@code false} once closed
   */
  public boolean isRunning() {
    return !stopped;
  }

  /** Stops the engine thread; live requests fail with 503. Idempotent. */
  @Override
  public void close() {
    synchronized (accepting) {
      if (stopped) {
        return;
      }
      stopped = true;
    }
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean command(Runnable r) {
    synchronized (accepting) {
      if (stopped) {
        return false;
      }
      commands.add(r);
      return true;
    }
  }

  private void run() {
    try {
      while (!stopped) {
        Runnable c;
        while ((c = commands.poll()) != null) {
          c.run();
        }
        long now = clock.modelNanos();
        long next = engine.advance(now);
        publish(now);
        if (clock.instant() && next != Long.MAX_VALUE) {
          if (commands.isEmpty()) {
            clock.jumpTo(next);
          }
          continue;
        }
        c =
            next == Long.MAX_VALUE
                ? commands.take()
                : commands.poll(
                    Math.max(0, clock.wallNanos(next) - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (c != null) {
          c.run();
        }
      }
    } catch (InterruptedException e) {
      // stopping
    } finally {
      synchronized (accepting) {
        stopped = true;
      }
      failAll(); // nothing can be queued any more, so this drain is the last
    }
  }

  private void failAll() {
    long now = System.nanoTime();
    for (Generation g : live.values()) {
      g.post(new Generation.Failed(503, "The server is shutting down.", now));
    }
    live.clear();
    Runnable c;
    while ((c = commands.poll()) != null) {
      c.run(); // pending submits and flushes complete; the engine is no longer advanced
    }
    for (Generation g : live.values()) {
      g.post(new Generation.Failed(503, "The server is shutting down.", now));
    }
    live.clear();
  }

  private void doSubmit(Generation g) {
    long now = clock.modelNanos();
    if (g.abandoned()) {
      return;
    }
    if (stopped) {
      g.post(new Generation.Failed(503, "The server is shutting down.", System.nanoTime()));
      return;
    }
    if (engine.queued() >= maxQueued) {
      g.post(new Generation.Failed(503, "The request queue is full.", System.nanoTime()));
      return;
    }
    g.submitModelNanos = now;
    submitting = g;
    try {
      g.engineId = engine.submit(now, g.prompt, g.output);
    } catch (IllegalArgumentException e) {
      // e.g. prompt plus output larger than the whole KV pool; SGLang refuses such input with 400
      g.post(new Generation.Failed(400, e.getMessage(), System.nanoTime()));
      return;
    } finally {
      submitting = null;
    }
    if (!g.finished) {
      live.put(g.engineId, g);
    }
  }

  private void doAbort(Generation g) {
    if (g.engineId < 0 || live.remove(g.engineId) == null) {
      return;
    }
    engine.abort(g.engineId, clock.modelNanos());
    if (!g.internal) {
      metrics.aborted(g.prompt.length, g.cachedTokens, g.emitted);
    }
  }

  private void publish(long now) {
    metrics.gauges(engine.running(), engine.queued(), engine.kvUsage());
    long elapsed = now - windowStart;
    if (elapsed >= THROUGHPUT_WINDOW_NANOS) {
      double seconds = elapsed / 1e9;
      double hit = windowPrompt == 0 ? 0 : (double) windowCached / windowPrompt;
      metrics.throughput(windowTokens / seconds, hit);
      windowStart = now;
      windowTokens = 0;
      windowPrompt = 0;
      windowCached = 0;
    }
  }

  private Generation find(long id) {
    Generation g = live.get(id);
    if (g == null && submitting != null) {
      g = submitting;
    }
    return g;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private void emitUpTo(Generation g, int index, long modelNanos) {
    long wall = clock.wallNanos(modelNanos);
    while (g.emitted <= index) {
      if (!g.internal) {
        if (g.emitted == 0) {
          metrics.firstToken(seconds(modelNanos - g.submitModelNanos));
        } else {
          metrics.token(seconds(modelNanos - g.lastTokenModelNanos));
        }
      }
      g.post(new Generation.Token(g.emitted, g.cachedTokens, wall));
      g.emitted++;
      g.lastTokenModelNanos = modelNanos;
      windowTokens++;
    }
  }

  /** Turns model callbacks into request events; runs on the engine thread. */
  private final class Listener implements ReplicaEngine.Listener {
    @Override
    public void onPrefillStart(long id, long nowNanos) {
      Generation g = find(id);
      if (g != null && g.prefillStartModelNanos < 0) {
        g.prefillStartModelNanos = nowNanos;
        if (!g.internal) {
          metrics.prefillStarted(seconds(nowNanos - g.submitModelNanos));
        }
      }
    }

    @Override
    public void onFirstToken(long id, long nowNanos, int cachedTokens) {
      Generation g = find(id);
      if (g == null) {
        return;
      }
      g.cachedTokens = cachedTokens;
      windowPrompt += g.prompt.length;
      windowCached += cachedTokens;
      emitUpTo(g, 0, nowNanos);
    }

    @Override
    public void onToken(long id, long nowNanos, int index) {
      Generation g = find(id);
      if (g != null) {
        emitUpTo(g, Math.min(index, g.maxOutputTokens - 1), nowNanos);
      }
    }

    @Override
    public void onFinish(long id, long nowNanos, int outputTokens) {
      Generation g = live.remove(id);
      if (g == null && submitting != null) {
        g = submitting;
      }
      if (g == null) {
        return;
      }
      if (outputTokens > 0) {
        emitUpTo(g, outputTokens - 1, nowNanos);
      }
      g.finished = true;
      double e2e = seconds(nowNanos - g.submitModelNanos);
      if (!g.internal) {
        metrics.finished(g.prompt.length, g.cachedTokens, g.emitted, e2e);
      }
      g.post(new Generation.Finished(g.emitted, g.cachedTokens, e2e, clock.wallNanos(nowNanos)));
    }
  }
}
