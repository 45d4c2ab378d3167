package dev.gorgo.router;

import dev.gorgo.api.PromptKey;

/**
 * The router's belief of which endpoint caches which prompt prefix: a thin adapter over the prefix
 * trie that maps endpoints to stable trie replica ids and derives per-endpoint caps from KV
 * capacity. (Placeholder until the trie module lands: matches nothing, stores nothing.)
 */
final class PrefixIndex {
  private final long defaultCapSymbols;

  PrefixIndex(int maxReplicas, long defaultCapSymbols, long globalCapSymbols) {
    this.defaultCapSymbols = defaultCapSymbols;
  }

  Object newScratch() {
    return null;
  }

  void match(PromptKey key, DecisionView view) {
    view.clearMatches();
  }

  void insert(PromptKey key, int replica, long tick) {}

  void remove(PromptKey key, int replica) {}

  void addReplica(int replica, long kvCapacityTokens) {}

  void updateCapacity(int replica, long kvCapacityTokens) {}

  void removeReplica(int replica) {}

  void clear() {}

  long symbols(int replica) {
    return 0;
  }

  long defaultCapSymbols() {
    return defaultCapSymbols;
  }
}
