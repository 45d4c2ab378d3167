package dev.gorgo.sim.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One SGLang-like inference replica, simulated in caller-supplied time.
 *
 * <h2>What it models</h2>
 *
 * <p>Requests {@linkplain #submit submitted} enter a FIFO waiting queue. The engine works in steps
 * (forward passes). At the start of each step it admits waiting requests in order while fewer than
 * {@link EngineProfile#maxRunning()} are admitted and the request's KV needs fit: the cached prefix
 * is matched in the {@linkplain RadixKvCache radix cache} (whole pages, at most the prompt minus
 * one token, since the last token's logits must be computed) and locked, and the uncached prompt
 * pages plus pages for the maximum output are reserved, evicting least-recently-used unlocked cache
 * entries if needed. Admission stops at the first request that does not fit (no overtaking), as
 * SGLang's first-come-first-served scheduler does. Reserving the whole output up front means no
 * running request ever has to be retracted.
 *
 * <p>A step is a prefill step when any admitted request still has prompt tokens to compute:
 * requests take, in admission order, up to {@link EngineProfile#chunkedPrefillTokens()} tokens in
 * total (chunked prefill: a long prompt spans several steps), and the step lasts {@link
 * EngineProfile#prefillMs(int)} of the tokens taken. Otherwise it is a decode step over every
 * request past its prefill (continuous batching: requests join and leave the batch between steps),
 * lasting {@link EngineProfile#decodeStepMs(int)} of the batch size; each produces one token.
 * Prefill takes priority over decode, as in SGLang without mixed chunking. A request whose prefill
 * completes produces its first token at the end of that step; its full-page prompt is then inserted
 * into the cache (so later requests can reuse it while it still decodes) and stays locked until it
 * finishes. So a lone request's time to first token is exactly {@code prefillOverheadMs + t_p *
 * uncachedTokens} when its prompt fits one chunk.
 *
 * <h2>Accounting</h2>
 *
 * <p>KV usage (what SGLang reports as token usage) counts locked cache pages and the pages reserved
 * by running requests; unlocked cached pages are free to evict and do not count. The cache-hit
 * totals count, at admission, the prompt tokens served from cache and all prompt tokens, so their
 * ratio is the true prefix-cache hit ratio.
 *
 * <h2>Time and threads</h2>
 *
 * <p>The model has no clock: every call passes the current time in nanoseconds, which must never
 * decrease. {@link #advance} runs every step that ends at or before the given time and returns when
 * the next step will end; callers wake the engine then. Listener callbacks carry the exact event
 * times. Not thread-safe: the owner serializes all calls (the simulator's event loop, or one engine
 * thread in the emulator). Deterministic: the same calls give the same events.
 */
public final class EngineModel {
  private static final int WAITING = 0;
  private static final int PREFILLING = 1;
  private static final int DECODING = 2;

  /** One request inside the engine. */
  private static final class Req {
    final long id;
    final int[] tokens;

    /** The known output of a replayed turn, cached with the prompt at the end; else null. */
    final int @Nullable [] output;

    final int maxOutput;
    int state = WAITING;
    int cached;
    int estimate;
    int toPrefill;
    int take;
    int generated;
    long reserved;

    /** The cache node this request holds a lock on while admitted; null while waiting or ended. */
    RadixKvCache.@Nullable Node locked;

    Req(long id, int[] tokens, int @Nullable [] output, int maxOutput) {
      this.id = id;
      this.tokens = tokens;
      this.output = output;
      this.maxOutput = maxOutput;
    }

    /** The node locked by this request, which must be admitted and not yet released. */
    RadixKvCache.Node lockedNode() {
      return Objects.requireNonNull(locked, "an admitted request holds a cache lock");
    }
  }

  private final EngineProfile profile;
  private final EngineListener listener;
  private final RadixKvCache cache;
  private final int page;
  private final ArrayDeque<Req> waiting = new ArrayDeque<>();
  private final ArrayList<Req> running = new ArrayList<>();
  private final HashMap<Long, Req> byId = new HashMap<>();

  private long now = Long.MIN_VALUE;
  private long stepEnd = Long.MAX_VALUE;
  private long stepStart;
  private long busyNanosTotal;
  private boolean prefillStep;
  private int prefilling;
  private long reservedTokens;
  private long waitingPrefillTokens;
  private long nextId = 1;
  private long cacheHitTokensTotal;
  private long promptTokensTotal;
  private long finishedTotal;

  /**
   * Creates an idle engine with an empty cache.
   *
   * @param profile its performance and capacity
   * @param listener notified of request events; use {@link EngineListener#NONE} for none
   */
  public EngineModel(EngineProfile profile, EngineListener listener) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.page = profile.pageSize();
    this.cache = new RadixKvCache(page);
  }

  /**
   * The profile this engine runs with.
   *
   * @return the profile
   */
  public EngineProfile profile() {
    return profile;
  }

  /**
   * Enqueues a request. If the engine is idle, a step starts at {@code nowNanos}.
   *
   * @param nowNanos current time; not before the previous call's
   * @param promptTokens the prompt's token ids; at least one. The engine keeps the array until the
   *     request ends: the caller must not modify it.
   * @param maxOutputTokens output tokens to produce; at least 1
   * @return the request's id, positive and unique within this engine
   * @throws IllegalArgumentException if time went backwards, the prompt is empty, {@code
   *     maxOutputTokens < 1}, or the request could never fit the KV cache even when empty
   */
  public long submit(long nowNanos, int[] promptTokens, int maxOutputTokens) {
    return submit(nowNanos, promptTokens, null, maxOutputTokens);
  }

  /**
   * Enqueues a request whose output is known in advance (a replayed conversation): when it
   * finishes, its prompt and output are cached together, as SGLang caches whole sequences, so that
   * the conversation's next turn, whose prompt repeats this output, can reuse it.
   *
   * @param nowNanos current time; not before the previous call's
   * @param promptTokens the prompt's token ids; at least one; kept until the request ends
   * @param outputTokens the token ids it will produce, at least one; kept until the request ends
   * @return the request's id
   * @throws IllegalArgumentException as {@link #submit(long, int[], int)}
   */
  public long submit(long nowNanos, int[] promptTokens, int[] outputTokens) {
    Objects.requireNonNull(outputTokens, "outputTokens");
    return submit(nowNanos, promptTokens, outputTokens, outputTokens.length);
  }

  private long submit(
      long nowNanos, int[] promptTokens, int @Nullable [] output, int maxOutputTokens) {
    Objects.requireNonNull(promptTokens, "promptTokens");
    if (promptTokens.length == 0) {
      throw new IllegalArgumentException("prompt must have at least one token");
    }
    if (maxOutputTokens < 1) {
      throw new IllegalArgumentException("maxOutputTokens must be >= 1, was " + maxOutputTokens);
    }
    long need = pages(promptTokens.length) + pages(maxOutputTokens);
    if (need > profile.kvCapacityTokens()) {
      throw new IllegalArgumentException(
          "request needs "
              + need
              + " KV tokens (prompt "
              + promptTokens.length
              + " + output "
              + maxOutputTokens
              + "), more than the capacity of "
              + profile.kvCapacityTokens());
    }
    advance(nowNanos);
    Req r = new Req(nextId++, promptTokens, output, maxOutputTokens);
    r.estimate = promptTokens.length - peekCachedPrefix(promptTokens);
    waitingPrefillTokens += r.estimate;
    waiting.addLast(r);
    byId.put(r.id, r);
    if (stepEnd == Long.MAX_VALUE) {
      startStep(nowNanos);
    }
    return r.id;
  }

  /**
   * Runs the engine up to {@code nowNanos}: completes every step that ends by then, starting the
   * next one at each step's end while there is work.
   *
   * @param nowNanos current time; not before the previous call's
   * @return when the current step ends (the next internal event), or {@link Long#MAX_VALUE} when
   *     idle
   * @throws IllegalArgumentException if time went backwards
   */
  public long advance(long nowNanos) {
    if (nowNanos < now) {
      throw new IllegalArgumentException("time went backwards: " + nowNanos + " < " + now);
    }
    now = nowNanos;
    while (stepEnd <= nowNanos) {
      long t = stepEnd;
      completeStep(t);
      startStep(t);
    }
    return stepEnd;
  }

  /**
   * When the current step ends.
   *
   * @return nanoseconds, or {@link Long#MAX_VALUE} when idle
   */
  public long nextEventNanos() {
    return stepEnd;
  }

  /**
   * Removes a request (its client went away): frees its slot, its reservation and its cache lock.
   * Work already done in the current step for it is discarded; no listener event follows.
   *
   * @param id the request's id
   * @param nowNanos current time; not before the previous call's
   * @return {@code true} if the request was waiting or running, {@code false} if unknown or ended
   */
  public boolean abort(long id, long nowNanos) {
    advance(nowNanos);
    Req r = byId.remove(id);
    if (r == null) {
      return false;
    }
    if (r.state == WAITING) {
      waiting.remove(r);
      waitingPrefillTokens -= r.estimate;
    } else {
      running.remove(r);
      if (r.state == PREFILLING) {
        prefilling--;
      }
      release(r);
    }
    return true;
  }

  /**
   * Empties the KV cache, as SGLang's {@code /flush_cache}: refused while any request is waiting or
   * running.
   *
   * @return {@code true} if flushed, {@code false} if refused
   */
  public boolean flushCache() {
    if (!running.isEmpty() || !waiting.isEmpty()) {
      return false;
    }
    cache.clear();
    return true;
  }

  /**
   * Admitted requests (prefilling or decoding), what SGLang reports as running.
   *
   * @return count
   */
  public int running() {
    return running.size();
  }

  /**
   * Requests in the waiting queue.
   *
   * @return count
   */
  public int queued() {
    return waiting.size();
  }

  /**
   * Fraction of the KV capacity in use: locked cache pages plus running requests' reservations.
   * Unlocked cached pages are evictable and not counted, as in SGLang's token usage.
   *
   * @return fraction in [0, 1]
   */
  public double kvUsage() {
    return (double) (cache.lockedTokens() + reservedTokens) / profile.kvCapacityTokens();
  }

  /**
   * Prompt tokens still to be computed before the engine is through its current prefill work: the
   * uncached remainder of every admitted request still prefilling, plus, for each waiting request,
   * its prompt minus the prefix that was cached when it arrived. Truth for the oracle policy.
   *
   * @return tokens
   */
  public long pendingPrefillTokens() {
    long sum = waitingPrefillTokens;
    if (prefilling > 0) {
      for (int i = 0, n = running.size(); i < n; i++) {
        Req r = running.get(i);
        if (r.state == PREFILLING) {
          sum += r.toPrefill;
        }
      }
    }
    return sum;
  }

  /**
   * Tokens held in the prefix cache, locked or not.
   *
   * @return tokens, a multiple of the page size
   */
  public long cachedTokens() {
    return cache.totalTokens();
  }

  /**
   * Prompt tokens served from the cache instead of computed, over all admitted requests.
   *
   * @return tokens
   */
  public long cacheHitTokensTotal() {
    return cacheHitTokensTotal;
  }

  /**
   * Prompt tokens of all admitted requests.
   *
   * @return tokens
   */
  public long promptTokensTotal() {
    return promptTokensTotal;
  }

  /**
   * Tokens evicted from the cache so far.
   *
   * @return tokens
   */
  public long evictedTokensTotal() {
    return cache.evictedTokensTotal();
  }

  /**
   * Time spent in completed steps (prefill or decode), so that busy time over elapsed time is the
   * engine's utilisation.
   *
   * @return nanoseconds
   */
  public long busyNanosTotal() {
    return busyNanosTotal;
  }

  /**
   * Requests that produced all their output.
   *
   * @return count
   */
  public long finishedTotal() {
    return finishedTotal;
  }

  /**
   * How many leading tokens of a prompt the engine would serve from its cache if the request were
   * admitted now. Reads only: no LRU refresh, no split. This is the truth that a router's trie
   * approximates.
   *
   * @param promptTokens the prompt
   * @return tokens, a multiple of the page size, below the prompt's length
   */
  public int peekCachedPrefix(int[] promptTokens) {
    return cache.match(promptTokens, matchLimit(promptTokens.length), false, false, now);
  }

  private long pages(long tokens) {
    return (tokens + page - 1) / page * page;
  }

  private int matchLimit(int len) {
    int max = len - 1;
    return max - max % page;
  }

  private void startStep(long t) {
    stepStart = t;
    admit(t);
    if (prefilling > 0) {
      int budget = profile.chunkedPrefillTokens();
      int taken = 0;
      for (int i = 0, n = running.size(); i < n && taken < budget; i++) {
        Req r = running.get(i);
        if (r.state == PREFILLING) {
          r.take = Math.min(r.toPrefill, budget - taken);
          taken += r.take;
        }
      }
      prefillStep = true;
      stepEnd = t + toNanos(profile.prefillMs(taken));
    } else if (!running.isEmpty()) {
      prefillStep = false;
      stepEnd = t + toNanos(profile.decodeStepMs(running.size()));
    } else {
      stepEnd = Long.MAX_VALUE;
    }
  }

  private static long toNanos(double ms) {
    return Math.max(1L, Math.round(ms * 1e6));
  }

  private void admit(long t) {
    long capacity = profile.kvCapacityTokens();
    while (!waiting.isEmpty() && running.size() < profile.maxRunning()) {
      Req r = waiting.peekFirst();
      int len = r.tokens.length;
      int cached = cache.match(r.tokens, matchLimit(len), true, true, t);
      RadixKvCache.Node node = cache.lastNode();
      cache.lock(node);
      long need = pages(len) - cached + pages(r.maxOutput);
      long free = capacity - cache.totalTokens() - reservedTokens;
      if (need > free + cache.evictableTokens()) {
        cache.unlock(node);
        return;
      }
      if (need > free) {
        cache.evict(need - free);
      }
      waiting.pollFirst();
      waitingPrefillTokens -= r.estimate;
      r.locked = node;
      r.cached = cached;
      r.toPrefill = len - cached;
      r.reserved = need;
      r.state = PREFILLING;
      reservedTokens += need;
      prefilling++;
      running.add(r);
      cacheHitTokensTotal += cached;
      promptTokensTotal += len;
      listener.onPrefillStart(r.id, t);
    }
  }

  private void completeStep(long t) {
    busyNanosTotal += t - stepStart;
    if (prefillStep) {
      for (int i = 0, n = running.size(); i < n; i++) {
        Req r = running.get(i);
        if (r.state == PREFILLING && r.take > 0) {
          r.toPrefill -= r.take;
          r.take = 0;
          if (r.toPrefill == 0) {
            prefillDone(r, t);
          }
        }
      }
    } else {
      for (int i = 0, n = running.size(); i < n; i++) {
        Req r = running.get(i);
        listener.onToken(r.id, t, r.generated++);
      }
    }
    int w = 0;
    for (int i = 0, n = running.size(); i < n; i++) {
      Req r = running.get(i);
      if (r.state == DECODING && r.generated >= r.maxOutput) {
        finishedTotal++;
        byId.remove(r.id);
        int[] output = r.output;
        if (output != null) {
          cacheWholeSequence(r, output, t);
        }
        release(r);
        listener.onFinish(r.id, t, r.generated);
      } else {
        running.set(w++, r);
      }
    }
    for (int i = running.size() - 1; i >= w; i--) {
      running.remove(i);
    }
    stepEnd = Long.MAX_VALUE;
  }

  private void prefillDone(Req r, long t) {
    prefilling--;
    r.state = DECODING;
    int len = r.tokens.length;
    int full = len - len % page;
    cache.insert(r.tokens, full, t);
    RadixKvCache.Node node = cache.lastNode();
    cache.lock(node);
    cache.unlock(r.lockedNode());
    r.locked = node;
    // The prompt's full pages now live in the cache (new or shared); keep only the partial last
    // page.
    long keep = pages(len) - full + pages(r.maxOutput);
    reservedTokens -= r.reserved - keep;
    r.reserved = keep;
    r.generated = 1;
    listener.onFirstToken(r.id, t, r.cached);
  }

  private void cacheWholeSequence(Req r, int[] output, long t) {
    int len = r.tokens.length + output.length;
    int[] all = Arrays.copyOf(r.tokens, len);
    System.arraycopy(output, 0, all, r.tokens.length, output.length);
    // Fits: the new pages are at most the prompt's partial page plus the output, both reserved.
    cache.insert(all, len - len % page, t);
  }

  private void release(Req r) {
    cache.unlock(r.lockedNode());
    r.locked = null;
    reservedTokens -= r.reserved;
    r.reserved = 0;
  }
}
