package dev.gorgo.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineModelTest {
  private static final long MS = 1_000_000L;

  /** t_p 0.5 ms/token, overhead 10 ms, decode 4 ms + 1 ms/sequence, page 4, chunk 1000. */
  static EngineProfile profile(int maxRunning, long kvTokens, int chunk) {
    return new EngineProfile("test", 0.5, 10, 4, 1, maxRunning, kvTokens, 4, chunk);
  }

  /** Records every event as text, in order, and the times of first tokens and finishes. */
  static final class Recorder implements EngineListener {
    final List<String> events = new ArrayList<>();
    final Map<Long, Long> firstToken = new HashMap<>();
    final Map<Long, Integer> cached = new HashMap<>();
    final Map<Long, Long> finish = new HashMap<>();
    final Map<Long, Integer> outputs = new HashMap<>();
    final Map<Long, Long> started = new HashMap<>();

    @Override
    public void onPrefillStart(long id, long nanos) {
      events.add("start " + id + " @" + nanos);
      started.put(id, nanos);
    }

    @Override
    public void onFirstToken(long id, long nanos, int cachedTokens) {
      events.add("first " + id + " @" + nanos);
      firstToken.put(id, nanos);
      cached.put(id, cachedTokens);
    }

    @Override
    public void onToken(long id, long nanos, int index) {
      events.add("token " + id + "#" + index + " @" + nanos);
    }

    @Override
    public void onFinish(long id, long nanos, int outputTokens) {
      events.add("finish " + id + " @" + nanos);
      finish.put(id, nanos);
      outputs.put(id, outputTokens);
    }
  }

  /** A prompt of {@code len} tokens whose first {@code shared} tokens come from stream 0. */
  static int[] prompt(int stream, int len, int shared) {
    int[] t = new int[len];
    for (int i = 0; i < len; i++) {
      t[i] = i < shared ? 1_000_000 + i : stream * 100_000 + i;
    }
    return t;
  }

  static void runToIdle(EngineModel e) {
    long next;
    while ((next = e.nextEventNanos()) != Long.MAX_VALUE) {
      e.advance(next);
    }
  }

  @Test
  void loneRequestTtftIsOverheadPlusTpTimesUncachedTokens() {
    Recorder rec = new Recorder();
    EngineModel e = new EngineModel(profile(8, 10_000, 1000), rec);
    long id = e.submit(100 * MS, prompt(1, 200, 0), 1);
    runToIdle(e);
    assertThat(rec.firstToken.get(id)).isEqualTo(100 * MS + Math.round((10 + 0.5 * 200) * 1e6));
    assertThat(rec.finish.get(id)).isEqualTo(rec.firstToken.get(id));
    assertThat(e.busyNanosTotal()).isEqualTo(Math.round((10 + 0.5 * 200) * 1e6));
    assertThat(e.pendingPrefillTokens()).isZero();
  }

  @Test
  void pendingPrefillCountsWaitingAndUnfinishedPromptsMinusWhatWasCached() {
    EngineModel e = new EngineModel(profile(1, 10_000, 100), EngineListener.NONE);
    e.submit(0, prompt(1, 40, 0), 1);
    runToIdle(e);
    e.submit(1000 * MS, prompt(2, 250, 0), 1); // admitted; 100 of 250 tokens done per step
    e.submit(1000 * MS, prompt(1, 60, 0), 1); // waits; its first 40 tokens are cached
    assertThat(e.pendingPrefillTokens()).isEqualTo(250 + 60 - 40);
    e.advance(e.nextEventNanos());
    assertThat(e.pendingPrefillTokens()).isEqualTo(150 + 60 - 40);
  }

  @Test
  void cachedPrefixIsSkippedInWholePagesAndNeverTheLastToken() {
    Recorder rec = new Recorder();
    EngineModel e = new EngineModel(profile(8, 10_000, 1000), rec);
    e.submit(0, prompt(1, 203, 0), 1);
    runToIdle(e);
    // The full pages of the first prompt (200 tokens) are now cached.
    assertThat(e.cachedTokens()).isEqualTo(200);
    // Same first 150 tokens, then different: 148 = floor to page.
    int[] second = prompt(1, 300, 0);
    for (int i = 150; i < 300; i++) {
      second[i] = -i;
    }
    assertThat(e.peekCachedPrefix(second)).isEqualTo(148);
    long t0 = 1000 * MS;
    long id = e.submit(t0, second, 1);
    runToIdle(e);
    assertThat(rec.cached.get(id)).isEqualTo(148);
    assertThat(rec.firstToken.get(id) - t0).isEqualTo(Math.round((10 + 0.5 * (300 - 148)) * 1e6));
    // An identical prompt still computes its last page: at most len-1 tokens, page-aligned, hit.
    long id3 = e.submit(2000 * MS, prompt(1, 200, 0), 1);
    runToIdle(e);
    assertThat(rec.cached.get(id3)).isEqualTo(196);
    assertThat(e.cacheHitTokensTotal()).isEqualTo(148 + 196);
    assertThat(e.promptTokensTotal()).isEqualTo(203 + 300 + 200);
  }

  @Test
  void aKnownOutputIsCachedWithThePromptWhenTheRequestFinishes() {
    EngineModel e = new EngineModel(profile(8, 10_000, 1000), EngineListener.NONE);
    int[] p1 = prompt(1, 40, 0);
    int[] reply = prompt(2, 24, 0);
    e.submit(0, p1, reply);
    runToIdle(e);
    assertThat(e.cachedTokens()).isEqualTo(64);
    int[] turn2 = new int[40 + 24 + 30];
    System.arraycopy(p1, 0, turn2, 0, 40);
    System.arraycopy(reply, 0, turn2, 40, 24);
    assertThat(e.peekCachedPrefix(turn2)).isEqualTo(64);
    // Without a known output only the prompt is cached.
    EngineModel f = new EngineModel(profile(8, 10_000, 1000), EngineListener.NONE);
    f.submit(0, p1, 24);
    runToIdle(f);
    assertThat(f.peekCachedPrefix(turn2)).isEqualTo(40);
  }

  @Test
  void atMostMaxRunningAreAdmittedAndTheRestWaitInFifoOrder() {
    Recorder rec = new Recorder();
    EngineModel e = new EngineModel(profile(2, 10_000, 1000), rec);
    long a = e.submit(0, prompt(1, 40, 0), 5);
    long b = e.submit(0, prompt(2, 40, 0), 5);
    long c = e.submit(0, prompt(3, 40, 0), 5);
    long d = e.submit(0, prompt(4, 40, 0), 5);
    e.advance(0);
    assertThat(e.running()).isEqualTo(1); // b arrived while a's step ran
    e.advance(e.nextEventNanos());
    assertThat(e.running()).isEqualTo(2);
    assertThat(e.queued()).isEqualTo(2);
    runToIdle(e);
    assertThat(rec.started.get(c)).isEqualTo(Math.min(rec.finish.get(a), rec.finish.get(b)));
    assertThat(rec.started.get(c)).isLessThanOrEqualTo(rec.started.get(d));
    assertThat(rec.outputs).containsEntry(a, 5).containsEntry(b, 5).containsEntry(c, 5);
    assertThat(e.finishedTotal()).isEqualTo(4);
  }

  @Test
  void admissionWaitsForKvRoomAndDoesNotOvertake() {
    Recorder rec = new Recorder();
    // 100 tokens of KV: a needs 60 + 4, b needs 60 + 4 (too much while a runs), c would fit.
    EngineModel e = new EngineModel(profile(8, 100, 1000), rec);
    long a = e.submit(0, prompt(1, 60, 0), 3);
    long b = e.submit(0, prompt(2, 60, 0), 3);
    long c = e.submit(0, prompt(3, 8, 0), 3);
    e.advance(e.nextEventNanos());
    assertThat(e.running()).isEqualTo(1);
    assertThat(e.queued()).isEqualTo(2);
    assertThat(e.kvUsage()).isEqualTo(64 / 100.0);
    runToIdle(e);
    assertThat(rec.started.get(b)).isEqualTo(rec.finish.get(a));
    assertThat(rec.started.get(c)).isGreaterThanOrEqualTo(rec.started.get(b));
    assertThat(e.kvUsage()).isZero();
  }

  @Test
  void evictionRemovesTheLeastRecentlyUsedUnlockedPrefix() {
    EngineModel e = new EngineModel(profile(8, 120, 1000), EngineListener.NONE);
    int[] a = prompt(1, 40, 0);
    int[] b = prompt(2, 40, 0);
    e.submit(0, a, 1);
    runToIdle(e);
    e.submit(100 * MS, b, 1);
    runToIdle(e);
    e.submit(200 * MS, a, 1); // touches a: b is now least recently used
    runToIdle(e);
    assertThat(e.cachedTokens()).isEqualTo(80);
    // c needs 60 + 4 tokens; 40 are free, so 24 must go: b's whole node (LRU), not a.
    e.submit(300 * MS, prompt(3, 60, 0), 1);
    runToIdle(e);
    assertThat(e.peekCachedPrefix(a)).isEqualTo(36);
    assertThat(e.peekCachedPrefix(b)).isZero();
    assertThat(e.evictedTokensTotal()).isEqualTo(40);
    assertThat(e.cachedTokens()).isEqualTo(100);
  }

  @Test
  void lockedPrefixesAreNotEvicted() {
    EngineModel e = new EngineModel(profile(8, 128, 1000), EngineListener.NONE);
    int[] a = prompt(1, 48, 0);
    e.submit(0, a, 40); // runs for a while: its 48 cached tokens are locked
    e.advance(e.nextEventNanos()); // prefill done, decoding
    assertThat(e.kvUsage()).isEqualTo((48 + 40) / 128.0);
    // b needs 40 + 4; only 128 - 88 = 40 are free and nothing is evictable: it waits.
    e.submit(e.nextEventNanos(), prompt(2, 40, 0), 1);
    assertThat(e.queued()).isEqualTo(1);
    assertThat(e.peekCachedPrefix(a)).isEqualTo(44);
    runToIdle(e);
    assertThat(e.queued()).isZero();
  }

  @Test
  void decodeStepTimeGrowsWithTheBatchAndRequestsJoinBetweenSteps() {
    Recorder rec = new Recorder();
    EngineModel e = new EngineModel(profile(8, 10_000, 1000), rec);
    long a = e.submit(0, prompt(1, 20, 0), 4);
    long prefillA = Math.round((10 + 0.5 * 20) * 1e6);
    long oneSeq = Math.round((4 + 1) * 1e6);
    long twoSeq = Math.round((4 + 2) * 1e6);
    // b arrives during a's first decode step; it is admitted when that step ends.
    long b = e.submit(prefillA + 2 * MS, prompt(2, 20, 0), 3);
    runToIdle(e);
    long tb = prefillA + oneSeq + prefillA; // b's prefill runs alone (prefill has priority)
    assertThat(rec.firstToken.get(b)).isEqualTo(tb);
    assertThat(rec.events)
        .contains("token " + a + "#1 @" + (prefillA + oneSeq))
        .contains("token " + a + "#2 @" + (tb + twoSeq))
        .contains("token " + b + "#1 @" + (tb + twoSeq))
        .contains("token " + a + "#3 @" + (tb + 2 * twoSeq))
        .contains("token " + b + "#2 @" + (tb + 2 * twoSeq));
    assertThat(rec.finish.get(a)).isEqualTo(tb + 2 * twoSeq);
    assertThat(rec.finish.get(b)).isEqualTo(tb + 2 * twoSeq);
  }

  @Test
  void longPromptsArePrefilledInChunksSharingTheBudget() {
    Recorder rec = new Recorder();
    EngineModel e = new EngineModel(profile(8, 100_000, 100), rec);
    long a = e.submit(0, prompt(1, 250, 0), 1);
    long b = e.submit(0, prompt(2, 30, 0), 1);
    runToIdle(e);
    long full = Math.round((10 + 0.5 * 100) * 1e6);
    // Steps: a[0,100) | a[100,200) with b admitted but no budget left | a[200,250) + b[0,30).
    long step3 = Math.round((10 + 0.5 * 80) * 1e6);
    assertThat(rec.firstToken.get(a)).isEqualTo(2 * full + step3);
    assertThat(rec.firstToken.get(b)).isEqualTo(2 * full + step3);
  }

  @Test
  void flushIsRefusedWhileRequestsRunOrWait() {
    EngineModel e = new EngineModel(profile(1, 10_000, 1000), EngineListener.NONE);
    e.submit(0, prompt(1, 40, 0), 2);
    e.submit(0, prompt(2, 40, 0), 2);
    assertThat(e.flushCache()).isFalse();
    runToIdle(e);
    assertThat(e.cachedTokens()).isEqualTo(80);
    assertThat(e.flushCache()).isTrue();
    assertThat(e.cachedTokens()).isZero();
    assertThat(e.peekCachedPrefix(prompt(1, 40, 0))).isZero();
  }

  @Test
  void abortFreesTheSlotAndTheKv() {
    Recorder rec = new Recorder();
    EngineModel e = new EngineModel(profile(1, 10_000, 1000), rec);
    long a = e.submit(0, prompt(1, 40, 0), 1000);
    long b = e.submit(0, prompt(2, 40, 0), 1);
    e.advance(e.nextEventNanos());
    assertThat(e.running()).isEqualTo(1);
    assertThat(e.kvUsage()).isPositive();
    long t = e.nextEventNanos();
    assertThat(e.abort(a, t)).isTrue();
    assertThat(e.abort(a, t)).isFalse();
    assertThat(e.running()).isZero();
    runToIdle(e);
    assertThat(rec.finish).containsKey(b).doesNotContainKey(a);
    assertThat(e.kvUsage()).isZero();
    // Aborting a waiting request removes it from the queue.
    long c = e.submit(t + 1000 * MS, prompt(3, 40, 0), 100);
    long d = e.submit(t + 1000 * MS, prompt(4, 40, 0), 1);
    assertThat(e.abort(d, t + 1000 * MS)).isTrue();
    runToIdle(e);
    assertThat(rec.finish).containsKey(c).doesNotContainKey(d);
    assertThat(e.queued()).isZero();
  }

  @Test
  void badInputIsRefusedWithAClearMessage() {
    EngineModel e = new EngineModel(profile(4, 100, 1000), EngineListener.NONE);
    assertThatThrownBy(() -> e.submit(0, new int[0], 1)).hasMessageContaining("at least one token");
    assertThatThrownBy(() -> e.submit(0, prompt(1, 4, 0), 0)).hasMessageContaining(">= 1");
    assertThatThrownBy(() -> e.submit(0, prompt(1, 97, 0), 1))
        .hasMessageContaining("more than the capacity of 100");
    e.advance(50);
    assertThatThrownBy(() -> e.advance(49)).hasMessageContaining("time went backwards");
    assertThat(e.queued()).isZero();
    assertThatThrownBy(() -> EngineProfile.named("tpu"))
        .hasMessageContaining("a100-mistral7b")
        .hasMessageContaining("h100-7b");
    assertThatThrownBy(() -> profile(0, 100, 10)).hasMessageContaining("maxRunning");
  }

  @Test
  void builtInProfilesCarryTheDocumentedPrefillCosts() {
    assertThat(EngineProfile.named("a100-mistral7b").tPrefillMsPerToken()).isEqualTo(0.094);
    assertThat(EngineProfile.named("h100-7b").tPrefillMsPerToken()).isEqualTo(0.032);
    EngineProfile h = EngineProfile.H100_7B;
    assertThat(h.decodeStepMs(64)).isGreaterThan(h.decodeStepMs(1));
    assertThat(h.prefillMs(1000)).isEqualTo(h.prefillOverheadMs() + 32.0);
  }
}
