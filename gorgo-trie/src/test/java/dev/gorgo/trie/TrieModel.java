package dev.gorgo.trie;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The naive reference: for every replica, the set of keys inserted into it, each with how much of
 * it is still held and the tick of its latest insert. What a replica holds is every prefix of the
 * held part of its keys.
 */
final class TrieModel {
  /** One inserted key of one replica. */
  static final class Entry {
    final int[] key;
    int held;
    long tick;

    Entry(int[] key) {
      this.key = key;
    }
  }

  private final List<Map<List<Integer>, Entry>> replicas = new ArrayList<>();

  TrieModel(int maxReplicas) {
    for (int r = 0; r < maxReplicas; r++) {
      replicas.add(new HashMap<>());
    }
  }

  static List<Integer> list(int[] key, int length) {
    List<Integer> l = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      l.add(key[i]);
    }
    return l;
  }

  void insert(int[] key, int length, int replica, long tick, int heldAfter) {
    if (length == 0) {
      return;
    }
    Entry e =
        replicas
            .get(replica)
            .computeIfAbsent(list(key, length), k -> new Entry(Arrays.copyOf(key, length)));
    e.held = heldAfter;
    e.tick = tick;
  }

  void remove(int[] key, int length, int replica) {
    replicas.get(replica).remove(list(key, length));
  }

  void removeReplica(int replica) {
    replicas.get(replica).clear();
  }

  void clear() {
    replicas.forEach(Map::clear);
  }

  Iterable<Entry> entries(int replica) {
    return replicas.get(replica).values();
  }

  /** Longest prefix of {@code query} that {@code replica} holds. */
  int matched(int replica, int[] query, int length) {
    int best = 0;
    for (Entry e : replicas.get(replica).values()) {
      int n = Math.min(e.held, length);
      int m = Arrays.mismatch(e.key, 0, n, query, 0, n);
      best = Math.max(best, m < 0 ? n : m);
    }
    return best;
  }

  /** Symbols held by {@code replica}: the number of distinct non-empty prefixes it holds. */
  long symbols(int replica) {
    Set<List<Integer>> prefixes = new HashSet<>();
    for (Entry e : replicas.get(replica).values()) {
      for (int i = 1; i <= e.held; i++) {
        prefixes.add(list(e.key, i));
      }
    }
    return prefixes.size();
  }
}
