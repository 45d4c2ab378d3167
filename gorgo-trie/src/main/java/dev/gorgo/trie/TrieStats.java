package dev.gorgo.trie;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a {@link PrefixTrie}'s shape and size, taken by {@link PrefixTrie#stats()}.
 *
 * <p>Depths count nodes (a child of the root has depth 1), not symbols. The root, which holds no
 * symbols, is not counted as a node. Immutable; the array accessor returns a copy.
 *
 * @param nodes nodes below the root
 * @param leaves nodes without children
 * @param maxDepth depth of the deepest leaf, in nodes; 0 for an empty trie
 * @param avgDepth mean depth of the leaves, in nodes; 0 for an empty trie
 * @param avgBranching mean number of children of the nodes that have any (the root included)
 * @param avgEdgeLength mean edge length in symbols, that is stored symbols per node
 * @param replicaRefs total number of (node, replica) holdings
 * @param symbolsPerReplica symbols held by each replica, indexed by replica id
 * @param estimatedBytes estimated retained heap size of the trie in bytes, assuming a 64-bit JVM
 *     with compressed class pointers and compressed oops
 */
public record TrieStats(
    long nodes,
    long leaves,
    int maxDepth,
    double avgDepth,
    double avgBranching,
    double avgEdgeLength,
    long replicaRefs,
    long[] symbolsPerReplica,
    long estimatedBytes) {

  /**
   * Validates and copies the components.
   *
   * @throws NullPointerException if {@code symbolsPerReplica} is null
   */
  public TrieStats {
    symbolsPerReplica = symbolsPerReplica.clone();
  }

  /**
   * Returns the symbols held by each replica, indexed by replica id.
   *
   * @return a fresh copy
   */
  @Override
  public long[] symbolsPerReplica() {
    return symbolsPerReplica.clone();
  }

  /**
   * Returns the symbols stored in the trie (each shared symbol counted once).
   *
   * @return {@code round(nodes * avgEdgeLength)}
   */
  public long storedSymbols() {
    return Math.round(nodes * avgEdgeLength);
  }

  /**
   * Returns the estimated bytes per stored symbol.
   *
   * @return {@code estimatedBytes / storedSymbols()}, or 0 for an empty trie
   */
  public double bytesPerStoredSymbol() {
    long s = storedSymbols();
    return s == 0 ? 0 : (double) estimatedBytes / s;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TrieStats t
        && nodes == t.nodes
        && leaves == t.leaves
        && maxDepth == t.maxDepth
        && Double.compare(avgDepth, t.avgDepth) == 0
        && Double.compare(avgBranching, t.avgBranching) == 0
        && Double.compare(avgEdgeLength, t.avgEdgeLength) == 0
        && replicaRefs == t.replicaRefs
        && Arrays.equals(symbolsPerReplica, t.symbolsPerReplica)
        && estimatedBytes == t.estimatedBytes;
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(nodes);
    h = 31 * h + Long.hashCode(leaves);
    h = 31 * h + maxDepth;
    h = 31 * h + Double.hashCode(avgDepth);
    h = 31 * h + Double.hashCode(avgBranching);
    h = 31 * h + Double.hashCode(avgEdgeLength);
    h = 31 * h + Long.hashCode(replicaRefs);
    h = 31 * h + Arrays.hashCode(symbolsPerReplica);
    return 31 * h + Long.hashCode(estimatedBytes);
  }

  @Override
  public String toString() {
    return "TrieStats[nodes="
        + nodes
        + ", leaves="
        + leaves
        + ", maxDepth="
        + maxDepth
        + ", avgDepth="
        + avgDepth
        + ", avgBranching="
        + avgBranching
        + ", avgEdgeLength="
        + avgEdgeLength
        + ", replicaRefs="
        + replicaRefs
        + ", symbolsPerReplica="
        + Arrays.toString(symbolsPerReplica)
        + ", estimatedBytes="
        + estimatedBytes
        + "]";
  }
}
