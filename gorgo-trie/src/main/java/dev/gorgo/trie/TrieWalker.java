package dev.gorgo.trie;

import dev.gorgo.trie.Node.Kids;
import dev.gorgo.trie.Node.Own;
import java.util.ArrayDeque;

/** Whole-trie walks for statistics and rendering. Callers hold the write lock. */
final class TrieWalker {
  /** Object sizes on a 64-bit JVM with compressed oops and class pointers (12-byte headers). */
  static final int NODE_BYTES = 32;

  static final int OWN_BYTES = 48;
  static final int KIDS_BYTES = 24;
  static final int ARRAY_HEADER_BYTES = 16;

  private TrieWalker() {}

  static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  static TrieStats stats(Node root, long[] symbolsPerReplica, int words) {
    long nodes = 0;
    long leaves = 0;
    long leafDepthSum = 0;
    int maxDepth = 0;
    long parents = 0;
    long children = 0;
    long stored = 0;
    long refs = 0;
    long bytes = nodeBytes(root, words);
    ArrayDeque<Node> stack = new ArrayDeque<>();
    ArrayDeque<Integer> depths = new ArrayDeque<>();
    stack.push(root);
    depths.push(0);
    while (!stack.isEmpty()) {
      Node node = stack.pop();
      int depth = depths.pop();
      Kids kids = node.kidsPlain();
      if (node != root) {
        nodes++;
        stored += node.edge.length;
        for (Own o = node.firstOwn; o != null; o = o.nextInNode) {
          refs++;
        }
        bytes += nodeBytes(node, words);
        if (kids == null) {
          leaves++;
          leafDepthSum += depth;
          maxDepth = Math.max(maxDepth, depth);
        }
      }
      if (kids != null) {
        parents++;
        children += kids.nodes.length;
        for (Node child : kids.nodes) {
          stack.push(child);
          depths.push(depth + 1);
        }
      }
    }
    return new TrieStats(
        nodes,
        leaves,
        maxDepth,
        leaves == 0 ? 0 : (double) leafDepthSum / leaves,
        parents == 0 ? 0 : (double) children / parents,
        nodes == 0 ? 0 : (double) stored / nodes,
        refs,
        symbolsPerReplica,
        bytes);
  }

  private static long nodeBytes(Node node, int words) {
    long b = NODE_BYTES;
    b += align(ARRAY_HEADER_BYTES + 4L * node.edge.length);
    b += align(ARRAY_HEADER_BYTES + 8L * words);
    Kids kids = node.kidsPlain();
    if (kids != null) {
      int n = kids.nodes.length;
      b += KIDS_BYTES + 2 * align(ARRAY_HEADER_BYTES + 4L * n);
    }
    for (Own o = node.firstOwn; o != null; o = o.nextInNode) {
      b += OWN_BYTES;
    }
    return b;
  }

  /**
   * Renders the trie as indented text, one node per line: the edge's symbols in brackets (runs
   * longer than {@code maxSymbols} abbreviated) and the holders in braces, children in symbol
   * order. For tests and debugging of synthetic keys only: symbols may encode prompt text.
   */
  static String render(Node root, int maxSymbols) {
    StringBuilder sb = new StringBuilder("(root)\n");
    renderKids(root, "", maxSymbols, sb);
    return sb.toString();
  }

  private static void renderKids(Node node, String indent, int maxSymbols, StringBuilder sb) {
    Kids kids = node.kidsPlain();
    if (kids == null) {
      return;
    }
    for (int i = 0; i < kids.nodes.length; i++) {
      Node child = kids.nodes[i];
      boolean last = i == kids.nodes.length - 1;
      sb.append(indent).append(last ? "`-- " : "|-- ");
      appendEdge(child.edge, maxSymbols, sb);
      sb.append(' ');
      appendOwners(child, sb);
      sb.append('\n');
      renderKids(child, indent + (last ? "    " : "|   "), maxSymbols, sb);
    }
  }

  private static void appendEdge(int[] edge, int maxSymbols, StringBuilder sb) {
    sb.append('[');
    int shown = Math.min(edge.length, maxSymbols);
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? "" : " ").append(edge[i]);
    }
    if (shown < edge.length) {
      sb.append(" ... (").append(edge.length).append(" symbols)");
    }
    sb.append(']');
  }

  private static void appendOwners(Node node, StringBuilder sb) {
    sb.append('{');
    boolean first = true;
    for (int w = 0; w < node.owners.length; w++) {
      long bits = node.owners[w];
      while (bits != 0) {
        int r = (w << 6) + Long.numberOfTrailingZeros(bits);
        sb.append(first ? "" : ",").append(r);
        first = false;
        bits &= bits - 1;
      }
    }
    sb.append('}');
  }
}
