package dev.gorgo.trie;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One node of the radix trie: the run of symbols on the edge from its parent, its children, and the
 * replicas that hold the prefix ending here.
 *
 * <p>What readers see is immutable or atomically replaced: {@link #edge} is final and never changes
 * (a split builds new nodes instead), {@link #kids} is a reference to an immutable {@link Kids}
 * snapshot replaced with a release store, and each 64-bit word of {@link #owners} is read and
 * written atomically. Everything else ({@link #parent}, {@link #firstOwn}) belongs to the writer.
 */
final class Node {
  private static final VarHandle KIDS;
  private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

  static {
    try {
      KIDS = MethodHandles.lookup().findVarHandle(Node.class, "kids", Kids.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The symbols on the edge from the parent; empty only for the root. Never modified. */
  final int[] edge;

  /** Bitset of the replicas holding this node (and therefore all its ancestors). */
  final long[] owners;

  /** Children, or {@code null} for none; accessed through {@link #kids()} / {@link #kids(Kids)}. */
  @SuppressWarnings("unused")
  private @Nullable Kids kids;

  /** Writer only: the parent, {@code null} for the root and for a node unlinked from the trie. */
  @Nullable Node parent;

  /**
   * Writer only: the first of this node's ownership records, chained by {@link Own#nextInNode};
   * {@code null} when nobody holds the node.
   */
  @Nullable Own firstOwn;

  Node(int[] edge, long[] owners) {
    this.edge = edge;
    this.owners = owners;
  }

  /** Returns the children with acquire semantics (safe for lock-free readers), or {@code null}. */
  @Nullable Kids kids() {
    return (Kids) KIDS.getAcquire(this);
  }

  /** Publishes a new children snapshot with release semantics. Writer only. */
  void kids(@Nullable Kids k) {
    KIDS.setRelease(this, k);
  }

  /**
   * Children as seen by the writer (no ordering needed: the writer wrote them), or {@code null}.
   */
  @Nullable Kids kidsPlain() {
    return (Kids) KIDS.get(this);
  }

  static long word(long[] owners, int i) {
    return (long) WORDS.getAcquire(owners, i);
  }

  boolean ownedBy(int replica) {
    return (word(owners, replica >>> 6) & (1L << replica)) != 0;
  }

  void setOwner(int replica) {
    int w = replica >>> 6;
    WORDS.setRelease(owners, w, owners[w] | (1L << replica));
  }

  void clearOwner(int replica) {
    int w = replica >>> 6;
    WORDS.setRelease(owners, w, owners[w] & ~(1L << replica));
  }

  /** Finds the ownership record of {@code replica}, or {@code null}. Writer only. */
  @Nullable Own own(int replica) {
    for (Own o = firstOwn; o != null; o = o.nextInNode) {
      if (o.replica == replica) {
        return o;
      }
    }
    return null;
  }

  boolean hasChildOwnedBy(int replica) {
    Kids k = kidsPlain();
    if (k == null) {
      return false;
    }
    for (Node child : k.nodes) {
      if (child.ownedBy(replica)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An immutable, sorted snapshot of a node's children: {@code firsts[i]} is the first edge symbol
   * of {@code nodes[i]}, ascending. Lookups search the primitive array and touch one node.
   */
  static final class Kids {
    private static final int LINEAR_SCAN_MAX = 8;

    final int[] firsts;
    final Node[] nodes;

    Kids(int[] firsts, Node[] nodes) {
      this.firsts = firsts;
      this.nodes = nodes;
    }

    static Kids of(Node child) {
      return new Kids(new int[] {child.edge[0]}, new Node[] {child});
    }

    int indexOf(int first) {
      int[] f = firsts;
      if (f.length <= LINEAR_SCAN_MAX) {
        for (int i = 0; i < f.length; i++) {
          if (f[i] == first) {
            return i;
          }
        }
        return -1;
      }
      int i = Arrays.binarySearch(f, first);
      return i < 0 ? -1 : i;
    }

    /** Returns the child whose edge starts with {@code first}, or {@code null}. */
    @Nullable Node find(int first) {
      int i = indexOf(first);
      return i < 0 ? null : nodes[i];
    }

    /** Returns a copy with {@code child} added in order; its first symbol must be new. */
    Kids with(Node child) {
      int first = child.edge[0];
      int at = -Arrays.binarySearch(firsts, first) - 1;
      int n = firsts.length;
      int[] f = new int[n + 1];
      Node[] c = new Node[n + 1];
      System.arraycopy(firsts, 0, f, 0, at);
      System.arraycopy(nodes, 0, c, 0, at);
      f[at] = first;
      c[at] = child;
      System.arraycopy(firsts, at, f, at + 1, n - at);
      System.arraycopy(nodes, at, c, at + 1, n - at);
      return new Kids(f, c);
    }

    /**
     * Returns a copy with the child at {@code index} replaced by one with the same first symbol.
     */
    Kids replacing(int index, Node child) {
      Node[] c = nodes.clone();
      c[index] = child;
      return new Kids(firsts, c);
    }

    /** Returns a copy without the child at {@code index}, or {@code null} if none would remain. */
    @Nullable Kids without(int index) {
      int n = firsts.length;
      if (n == 1) {
        return null;
      }
      int[] f = new int[n - 1];
      Node[] c = new Node[n - 1];
      System.arraycopy(firsts, 0, f, 0, index);
      System.arraycopy(nodes, 0, c, 0, index);
      System.arraycopy(firsts, index + 1, f, index, n - index - 1);
      System.arraycopy(nodes, index + 1, c, index, n - index - 1);
      return new Kids(f, c);
    }
  }

  /**
   * Writer only: one replica's hold on one node, linked into that replica's recency list and into
   * the node's chain of holders.
   */
  static final class Own {
    /** The node held; {@code null} only in the sentinel of a recency list. */
    @Nullable Node node;

    final int replica;
    long tick;
    boolean terminal;

    /** Neighbours in the replica's recency list; {@code null} while not linked into it. */
    @Nullable Own prev;

    @Nullable Own next;

    /** The next holder of the same node; {@code null} at the end of the chain. */
    @Nullable Own nextInNode;

    Own(@Nullable Node node, int replica) {
      this.node = node;
      this.replica = replica;
    }
  }
}
