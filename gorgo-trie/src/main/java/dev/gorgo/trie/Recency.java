package dev.gorgo.trie;

import dev.gorgo.trie.Node.Own;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-replica recency lists of ownership records, least recently used first. Writer only.
 *
 * <p>The trie keeps one invariant here that makes eviction O(1): in every replica's list, a node
 * comes after all of its descendants that the replica holds. An insert moves the nodes of its path
 * to the tail deepest first, a split places the new upper node right after the lower one, so the
 * head of a list is always a leaf of that replica: a node none of whose children it holds.
 *
 * <p>Each list is a ring through its sentinel, so a linked record's {@link Own#prev} and {@link
 * Own#next} are never {@code null}; they are cleared when the record is unlinked. The {@code
 * requireNonNull} calls below state that invariant where a neighbour is dereferenced anyway: they
 * are the null check the dereference would make, not an extra one.
 */
final class Recency {
  private final Own[] sentinels;

  Recency(int replicas) {
    sentinels = new Own[replicas];
    for (int r = 0; r < replicas; r++) {
      Own s = new Own(null, r);
      s.prev = s;
      s.next = s;
      sentinels[r] = s;
    }
  }

  /** Returns the least recently used record of {@code replica}, or {@code null}. */
  @Nullable Own head(int replica) {
    Own s = sentinels[replica];
    Own h = s.next;
    return h == s ? null : h;
  }

  /** Appends {@code o}, which must not be linked, at the most recent end of its replica's list. */
  void addLast(Own o) {
    Own s = sentinels[o.replica];
    insertBefore(o, s);
  }

  /** Links {@code o}, which must not be linked, right after {@code anchor}. */
  void addAfter(Own anchor, Own o) {
    insertBefore(o, Objects.requireNonNull(anchor.next));
  }

  /** Moves a linked {@code o} to the most recent end. */
  void moveToLast(Own o) {
    unlink(o);
    addLast(o);
  }

  void unlink(Own o) {
    Own p = Objects.requireNonNull(o.prev);
    Own n = Objects.requireNonNull(o.next);
    p.next = n;
    n.prev = p;
    o.prev = null;
    o.next = null;
  }

  /** Forgets every record of every replica. */
  void clear() {
    for (Own s : sentinels) {
      s.prev = s;
      s.next = s;
    }
  }

  private static void insertBefore(Own o, Own at) {
    Own p = Objects.requireNonNull(at.prev);
    p.next = o;
    o.prev = p;
    o.next = at;
    at.prev = o;
  }
}
