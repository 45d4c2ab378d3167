package dev.gorgo.router;

import dev.gorgo.api.PromptKey;
import dev.gorgo.trie.MatchResult;
import dev.gorgo.trie.PrefixTrie;
import dev.gorgo.trie.TrieStats;

/**
 * The router's belief of which endpoint caches which prompt prefix: a thin adapter over {@link
 * PrefixTrie} that fills a decision view's match lengths and keeps each endpoint's trie cap in step
 * with its KV capacity.
 *
 * <p><b>Replica ids.</b> Each endpoint gets a trie replica id when it is added and keeps it until
 * it is removed, so adding or removing other endpoints never shifts what the trie knows. A freed id
 * is cleared before it is reused.
 *
 * <p><b>Caps.</b> An endpoint whose KV capacity is known (from {@link dev.gorgo.api.Endpoint} or a
 * later capacity update) is capped at {@code kvCapacityTokens / tokensPerSymbol} symbols, where
 * tokens per symbol is that of the prompt keys the router sees (the first key fixes it; a key with
 * another ratio re-derives every cap). Until then, and for endpoints of unknown capacity, the
 * default per-endpoint cap applies. The trie itself holds the caps at all times.
 */
final class PrefixIndex {
  private final PrefixTrie trie;
  private final long defaultCapSymbols;
  private final long[] kvTokens; // guarded by this; 0 = unknown
  private final boolean[] live; // guarded by this
  private volatile double tokensPerSymbol = Double.NaN;

  PrefixIndex(int maxReplicas, long defaultCapSymbols, long globalCapSymbols) {
    this.trie =
        PrefixTrie.builder()
            .maxReplicas(maxReplicas)
            .perReplicaCapSymbols(defaultCapSymbols)
            .globalCapSymbols(globalCapSymbols)
            .build();
    this.defaultCapSymbols = defaultCapSymbols;
    this.kvTokens = new long[maxReplicas];
    this.live = new boolean[maxReplicas];
  }

  Object newScratch() {
    return new MatchResult(trie.maxReplicas());
  }

  /** Walks the trie once and stores, per view index, the symbols that endpoint holds. */
  void match(PromptKey key, DecisionView view) {
    MatchResult result = (MatchResult) view.matchScratch;
    trie.match(key.symbols(), key.length(), result);
    int[] out = view.matchedArray();
    for (int i = 0, n = view.size(); i < n; i++) {
      out[i] = result.matched(view.slot(i).replica());
    }
  }

  void insert(PromptKey key, int replica, long tick) {
    double tps = key.tokensPerSymbol();
    if (tps != tokensPerSymbol) {
      rederiveCaps(tps);
    }
    trie.insert(key.symbols(), key.length(), replica, tick);
  }

  void remove(PromptKey key, int replica) {
    trie.remove(key.symbols(), key.length(), replica);
  }

  synchronized void addReplica(int replica, long kvCapacityTokens) {
    trie.removeReplica(replica); // forget anything a racing insert left on a freed id
    live[replica] = true;
    kvTokens[replica] = kvCapacityTokens;
    trie.setReplicaCap(replica, cap(kvCapacityTokens, tokensPerSymbol));
  }

  synchronized void updateCapacity(int replica, long kvCapacityTokens) {
    kvTokens[replica] = kvCapacityTokens;
    trie.setReplicaCap(replica, cap(kvCapacityTokens, tokensPerSymbol));
  }

  synchronized void removeReplica(int replica) {
    live[replica] = false;
    kvTokens[replica] = 0;
    trie.removeReplica(replica);
  }

  private synchronized void rederiveCaps(double tps) {
    if (tps == tokensPerSymbol) {
      return;
    }
    tokensPerSymbol = tps;
    for (int r = 0; r < live.length; r++) {
      if (live[r] && kvTokens[r] > 0) {
        trie.setReplicaCap(r, cap(kvTokens[r], tps));
      }
    }
  }

  private long cap(long kv, double tps) {
    if (kv <= 0 || Double.isNaN(tps)) {
      return defaultCapSymbols;
    }
    return Math.max(1, (long) Math.ceil(kv / tps));
  }

  void clear() {
    trie.clear();
  }

  long symbols(int replica) {
    return trie.symbols(replica);
  }

  long capSymbols(int replica) {
    return trie.replicaCap(replica);
  }

  TrieStats stats() {
    return trie.stats();
  }
}
