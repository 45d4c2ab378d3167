package dev.gorgo.trie;

import java.util.Arrays;

/**
 * The result of {@link PrefixTrie#match}: for every replica, the length in symbols of the longest
 * prefix of the key that the replica is believed to hold.
 *
 * <p>A result is reusable and meant to be kept per thread (for example in a field of a
 * single-threaded component or a {@code ThreadLocal}): {@code match} overwrites it without
 * allocating. It is <b>not</b> thread-safe.
 */
public final class MatchResult {
  private final int[] matched;
  private int maxMatched;
  private int bestReplica = -1;

  /**
   * Creates an empty result for replica ids {@code 0..maxReplicas-1}.
   *
   * @param maxReplicas how many replicas the result can describe; at least the {@link
   *     PrefixTrie.Builder#maxReplicas(int) maxReplicas} of every trie it is passed to
   * @throws IllegalArgumentException if {@code maxReplicas} is not positive
   */
  public MatchResult(int maxReplicas) {
    if (maxReplicas <= 0) {
      throw new IllegalArgumentException("maxReplicas must be > 0, was " + maxReplicas);
    }
    this.matched = new int[maxReplicas];
  }

  /**
   * Returns how many replicas this result can describe.
   *
   * @return the capacity given at construction
   */
  public int maxReplicas() {
    return matched.length;
  }

  /**
   * Returns the length of the longest prefix of the last matched key that {@code replica} holds.
   *
   * @param replica a replica id, {@code 0 <= replica < maxReplicas()}
   * @return length in symbols; 0 if the replica holds no prefix of the key
   * @throws IndexOutOfBoundsException if {@code replica} is out of range
   */
  public int matched(int replica) {
    return matched[replica];
  }

  /**
   * Returns the longest prefix held by any replica.
   *
   * @return length in symbols; 0 if no replica holds any prefix
   */
  public int maxMatched() {
    return maxMatched;
  }

  /**
   * Returns the replica holding the longest prefix, the smallest id on ties.
   *
   * @return a replica id, or -1 when no replica holds any prefix
   */
  public int bestReplica() {
    return bestReplica;
  }

  /** Resets every length to 0 and {@link #bestReplica()} to -1. */
  public void clear() {
    Arrays.fill(matched, 0);
    maxMatched = 0;
    bestReplica = -1;
  }

  /**
   * Records that the replicas in {@code owners} hold the key's first {@code length} symbols. Called
   * with non-decreasing lengths during one walk, so later calls win.
   */
  void record(long[] owners, int length) {
    int[] m = matched;
    int best = -1;
    for (int w = 0; w < owners.length; w++) {
      long bits = Node.word(owners, w);
      if (bits != 0 && best < 0) {
        best = (w << 6) + Long.numberOfTrailingZeros(bits);
      }
      while (bits != 0) {
        m[(w << 6) + Long.numberOfTrailingZeros(bits)] = length;
        bits &= bits - 1;
      }
    }
    if (best >= 0) {
      maxMatched = length;
      bestReplica = best;
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("MatchResult[max=").append(maxMatched);
    sb.append(", best=").append(bestReplica).append(", matched={");
    boolean first = true;
    for (int r = 0; r < matched.length; r++) {
      if (matched[r] != 0) {
        sb.append(first ? "" : ", ").append(r).append('=').append(matched[r]);
        first = false;
      }
    }
    return sb.append("}]").toString();
  }
}
