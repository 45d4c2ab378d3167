package dev.gorgo.sim.engine;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Objects;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * The KV cache of one engine: a radix tree over token ids whose edges are whole pages, with
 * reference-counted locks and LRU eviction of unlocked leaves, as in SGLang's radix cache.
 *
 * <p>Every edge's length is a multiple of the page size, and matching stops at the last whole page
 * that matches, so the cache never holds or serves a partial page. Children are found by a 64-bit
 * hash of their first page, with a chain for the (unlikely) collision of two different pages. A
 * request that uses a cached prefix locks the node where its match ends; a lock counts on that node
 * and on every ancestor, so locked nodes and their ancestors are never evicted. Eviction collects
 * the unlocked leaves, removes the least recently used first (ties broken by creation order, for
 * determinism), and lets a parent that becomes an unlocked leaf compete in the same pass.
 *
 * <p>Not thread-safe: owned by one {@link EngineModel}.
 */
final class RadixKvCache {

  /** One edge of the tree and the node it leads to. */
  static final class Node {
    int[] key;

    /** Null only for the root. */
    @Nullable Node parent;

    /** Null until the first child is added, and for the root after {@link #clear}. */
    @Nullable HashMap<Long, Node> children;

    /** Next child of the same parent whose first page has the same hash; null at a chain's end. */
    @Nullable Node nextSameHash;

    int lockRef;
    long lastAccess;
    final long seq;

    Node(int[] key, @Nullable Node parent, long seq) {
      this.key = key;
      this.parent = parent;
      this.seq = seq;
    }

    boolean isLeaf() {
      return children == null || children.isEmpty();
    }

    /** The parent of a node that is not the root. */
    Node parentOfNonRoot() {
      return Objects.requireNonNull(parent, "the root has no parent");
    }
  }

  private final int page;
  private final Node root;
  private long totalTokens;
  private long lockedTokens;
  private long seqGen;
  private long evictedTokensTotal;

  /** Node where the last {@link #match} or {@link #insert} ended; valid until the next call. */
  private Node lastNode;

  RadixKvCache(int pageSize) {
    this.page = pageSize;
    this.root = new Node(new int[0], null, seqGen++);
    this.lastNode = root;
  }

  long totalTokens() {
    return totalTokens;
  }

  long lockedTokens() {
    return lockedTokens;
  }

  long evictableTokens() {
    return totalTokens - lockedTokens;
  }

  long evictedTokensTotal() {
    return evictedTokensTotal;
  }

  Node lastNode() {
    return lastNode;
  }

  /**
   * Matches the longest cached prefix of {@code tokens[0, maxLen)}, in whole pages.
   *
   * @param maxLen upper bound, a multiple of the page size
   * @param split whether to split an edge where the match ends inside it (so that the match ends at
   *     a node, which {@link #lastNode()} then returns, ready to be locked)
   * @param touch whether to refresh the LRU time of the matched nodes
   * @return matched tokens, a multiple of the page size
   */
  int match(int[] tokens, int maxLen, boolean split, boolean touch, long now) {
    Node node = root;
    int pos = 0;
    while (pos < maxLen) {
      Node c = child(node, tokens, pos);
      if (c == null) {
        break;
      }
      int n = commonPages(c.key, tokens, pos, Math.min(c.key.length, maxLen - pos));
      if (n == 0) {
        break;
      }
      if (touch) {
        c.lastAccess = now;
      }
      pos += n;
      if (n < c.key.length) {
        node = split ? split(c, n) : node;
        break;
      }
      node = c;
    }
    lastNode = node;
    return pos;
  }

  /**
   * Inserts {@code tokens[0, len)}; the part already present is shared.
   *
   * @param len a multiple of the page size
   * @return tokens newly added to the cache; {@link #lastNode()} is the node ending at {@code len}
   */
  long insert(int[] tokens, int len, long now) {
    Node node = root;
    int pos = 0;
    long added = 0;
    while (pos < len) {
      Node c = child(node, tokens, pos);
      if (c == null) {
        Node leaf = new Node(Arrays.copyOfRange(tokens, pos, len), node, seqGen++);
        leaf.lastAccess = now;
        addChild(node, leaf);
        added = len - pos;
        totalTokens += added;
        node = leaf;
        break;
      }
      int n = commonPages(c.key, tokens, pos, Math.min(c.key.length, len - pos));
      c.lastAccess = now;
      if (n < c.key.length) {
        c = split(c, n);
      }
      node = c;
      pos += n;
    }
    lastNode = node;
    return added;
  }

  void lock(Node node) {
    for (Node n = node; n != root; n = n.parentOfNonRoot()) {
      if (n.lockRef++ == 0) {
        lockedTokens += n.key.length;
      }
    }
  }

  void unlock(Node node) {
    for (Node n = node; n != root; n = n.parentOfNonRoot()) {
      if (--n.lockRef == 0) {
        lockedTokens -= n.key.length;
      }
    }
  }

  /**
   * Evicts unlocked leaves, least recently used first, until at least {@code tokens} are freed or
   * nothing more can be evicted.
   *
   * @return tokens freed
   */
  long evict(long tokens) {
    if (tokens <= 0) {
      return 0;
    }
    PriorityQueue<Node> lru =
        new PriorityQueue<>(
            (a, b) ->
                a.lastAccess != b.lastAccess
                    ? Long.compare(a.lastAccess, b.lastAccess)
                    : Long.compare(a.seq, b.seq));
    ArrayDeque<Node> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      HashMap<Long, Node> children = n.children;
      if (children == null || children.isEmpty()) {
        if (n != root && n.lockRef == 0) {
          lru.add(n);
        }
      } else {
        for (Node c : children.values()) {
          for (Node x = c; x != null; x = x.nextSameHash) {
            stack.push(x);
          }
        }
      }
    }
    long freed = 0;
    while (freed < tokens && !lru.isEmpty()) {
      Node n = lru.poll();
      Node p = n.parentOfNonRoot();
      removeChild(p, n);
      freed += n.key.length;
      if (p != root && p.lockRef == 0 && p.isLeaf()) {
        lru.add(p);
      }
    }
    totalTokens -= freed;
    evictedTokensTotal += freed;
    return freed;
  }

  /** Drops everything; the caller guarantees that nothing is locked. */
  void clear() {
    root.children = null;
    totalTokens = 0;
    lockedTokens = 0;
  }

  private int commonPages(int[] key, int[] tokens, int pos, int limit) {
    int m = Arrays.mismatch(key, 0, limit, tokens, pos, pos + limit);
    int n = m < 0 ? limit : m;
    return n - n % page;
  }

  private Node split(Node c, int n) {
    Node parent = c.parentOfNonRoot();
    Node mid = new Node(Arrays.copyOf(c.key, n), parent, seqGen++);
    mid.lockRef = c.lockRef;
    mid.lastAccess = c.lastAccess;
    replaceChild(parent, c, mid);
    c.key = Arrays.copyOfRange(c.key, n, c.key.length);
    c.parent = mid;
    addChild(mid, c);
    return mid;
  }

  private long pageHash(int[] t, int off) {
    long h = 0xcbf29ce484222325L;
    for (int i = off, end = off + page; i < end; i++) {
      h = (h ^ t[i]) * 0x100000001b3L;
    }
    return h ^ (h >>> 31);
  }

  private @Nullable Node child(Node parent, int[] tokens, int pos) {
    HashMap<Long, Node> children = parent.children;
    if (children == null || pos + page > tokens.length) {
      return null;
    }
    Node c = children.get(pageHash(tokens, pos));
    while (c != null && Arrays.mismatch(c.key, 0, page, tokens, pos, pos + page) >= 0) {
      c = c.nextSameHash;
    }
    return c;
  }

  private void addChild(Node parent, Node child) {
    HashMap<Long, Node> children = parent.children;
    if (children == null) {
      children = new HashMap<>();
      parent.children = children;
    }
    child.parent = parent;
    child.nextSameHash = children.put(pageHash(child.key, 0), child);
  }

  private void removeChild(Node parent, Node child) {
    Long h = pageHash(child.key, 0);
    HashMap<Long, Node> children = childrenHolding(parent);
    Node head = children.get(h);
    Node next = child.nextSameHash;
    if (head == child) {
      if (next == null) {
        children.remove(h);
      } else {
        children.put(h, next);
      }
    } else {
      predecessor(head, child).nextSameHash = next;
    }
    child.nextSameHash = null;
  }

  private void replaceChild(Node parent, Node old, Node neu) {
    Long h = pageHash(old.key, 0);
    HashMap<Long, Node> children = childrenHolding(parent);
    Node head = children.get(h);
    neu.nextSameHash = old.nextSameHash;
    if (head == old) {
      children.put(h, neu);
    } else {
      predecessor(head, old).nextSameHash = neu;
    }
    old.nextSameHash = null;
  }

  /** The children of a node known to have at least one child. */
  private static HashMap<Long, Node> childrenHolding(Node parent) {
    return Objects.requireNonNull(parent.children, "a parent of a linked node has children");
  }

  /** The node before {@code child} in the same-hash chain starting at {@code head != child}. */
  private static Node predecessor(@Nullable Node head, Node child) {
    Node prev = Objects.requireNonNull(head, "a linked node's hash has a chain");
    for (Node next = prev.nextSameHash; next != child; next = prev.nextSameHash) {
      prev = Objects.requireNonNull(next, "a linked node is in its hash's chain");
    }
    return prev;
  }
}
