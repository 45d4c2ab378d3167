package dev.gorgo.trie;

import dev.gorgo.trie.Node.Kids;
import dev.gorgo.trie.Node.Own;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The mutating half of {@link PrefixTrie}: structure (splits, new leaves, unlinking), holdings and
 * their recency lists, symbol accounting and cap enforcement. Not thread-safe: the trie calls it
 * under its write lock, inside a write section of its sequence counter. Everything it changes that
 * a reader can reach is published as described in {@link PrefixTrie}.
 *
 * <p>Nullness: the {@code requireNonNull} calls here state structural invariants ({@link #path} is
 * filled below the count its last walk returned, a node on a held path has its replica's record, a
 * linked node other than the root has a parent that lists it among its children, a record is in its
 * node's chain). Each guards a value that is dereferenced right after (once small callees are
 * inlined), so the JIT folds it into that dereference's own null check.
 */
final class TrieWriter {
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int[] NO_SYMBOLS = new int[0];

  private final int words;
  private final int maxReplicas;
  private final long globalCap;

  /** Symbols held per replica; written here with opaque stores, read lock-free by the trie. */
  final long[] symbols;

  final long[] caps;
  private final Recency recency;
  private long totalSymbols;
  private long lastTick = Long.MIN_VALUE;
  private Node root;

  /** Scratch for the nodes along one key, root's child first; cleared after each use. */
  private @Nullable Node[] path = new Node[16];

  private int pathLength;

  TrieWriter(int maxReplicas, long perReplicaCap, long globalCap) {
    this.maxReplicas = maxReplicas;
    this.words = (maxReplicas + 63) >>> 6;
    this.globalCap = globalCap;
    this.symbols = new long[maxReplicas];
    this.caps = new long[maxReplicas];
    Arrays.fill(caps, perReplicaCap);
    this.recency = new Recency(maxReplicas);
    this.root = newRoot();
  }

  Node root() {
    return root;
  }

  int words() {
    return words;
  }

  long totalSymbols() {
    return totalSymbols;
  }

  /** See {@link PrefixTrie#insert(int[], int, int, long)}. */
  void insert(int[] key, int length, int replica, long tick) {
    lastTick = Math.max(lastTick, tick);
    int len = (int) Math.min(length, Math.min(caps[replica], globalCap));
    if (len == 0) {
      return;
    }
    // Split where the key ends or leaves the trie, so that what the replica already holds of it
    // is a run of whole nodes (a prefix of the path, as holdings are closed under ancestors);
    // protect those, make room for the rest, then link it.
    int n = buildPath(key, len, false);
    int depth = 0;
    long held = 0;
    while (depth < n) {
      Node node = Objects.requireNonNull(path[depth]); // path[0, n) is filled
      if (!node.ownedBy(replica)) {
        break;
      }
      held += node.edge.length;
      depth++;
    }
    long need = len - held;
    boolean evicted = false;
    if (symbols[replica] + need > caps[replica] || totalSymbols + need > globalCap) {
      for (int i = depth - 1; i >= 0; i--) {
        recency.moveToLast(Objects.requireNonNull(Objects.requireNonNull(path[i]).own(replica)));
      }
      evicted = makeRoom(replica, need, held);
    }
    if (evicted) {
      n = buildPath(key, len, true); // evictions may have unlinked nodes of the first path
    } else if (pathLength < len) {
      Node parent = n == 0 ? root : Objects.requireNonNull(path[n - 1]);
      push(n++, newLeaf(parent, key, pathLength, len));
    }
    Own end = hold(Objects.requireNonNull(path[n - 1]), replica, lastTick);
    for (int i = n - 2; i >= 0; i--) {
      hold(Objects.requireNonNull(path[i]), replica, lastTick);
    }
    // A truncated key did not end here: remove() may take the node like an eviction remnant.
    if (len == length) {
      end.terminal = true;
    }
    Arrays.fill(path, null);
  }

  /** See {@link PrefixTrie#remove(int[], int, int)}. */
  void remove(int[] key, int length, int replica) {
    int n = heldPath(key, length, replica);
    if (n == 0) {
      return;
    }
    Node node = Objects.requireNonNull(path[n - 1]);
    Arrays.fill(path, 0, n, null);
    Own end = Objects.requireNonNull(node.own(replica)); // heldPath keeps only held nodes
    // The held prefix stops short of the key: if another insert ended there, it is not ours.
    if (node.hasChildOwnedBy(replica) || (end.terminal && pathLength != length)) {
      return;
    }
    end.terminal = false;
    while (node.edge.length > 0) {
      Own o = node.own(replica);
      if (o == null || o.terminal || node.hasChildOwnedBy(replica)) {
        break;
      }
      Node parent = Objects.requireNonNull(node.parent); // not the root: its edge is not empty
      release(o);
      node = parent;
    }
  }

  /** Evicts least-recently-used leaves of {@code replica} until {@code atLeast} are freed. */
  long evict(int replica, long atLeast) {
    long freed = 0;
    Own h;
    while (freed < atLeast && (h = recency.head(replica)) != null) {
      freed += release(h);
    }
    return freed;
  }

  /** Sets a cap and evicts down to it. */
  void setCap(int replica, long cap) {
    caps[replica] = cap;
    if (symbols[replica] > cap) {
      evict(replica, symbols[replica] - cap);
    }
  }

  /** Forgets everything and returns the new, empty root, which the caller publishes. */
  Node clear() {
    root = newRoot();
    recency.clear();
    for (int r = 0; r < maxReplicas; r++) {
      LONGS.setOpaque(symbols, r, 0L);
    }
    totalSymbols = 0;
    return root;
  }

  private Node newRoot() {
    return new Node(NO_SYMBOLS, new long[words]);
  }

  /**
   * Fills {@link #path} with the nodes {@code replica} holds along {@code key[0, length)} that the
   * key covers completely, top down, sets {@link #pathLength} to the symbols they cover, and
   * returns how many.
   */
  private int heldPath(int[] key, int length, int replica) {
    Node node = root;
    int depth = 0;
    int n = 0;
    while (depth < length) {
      Kids kids = node.kidsPlain();
      Node child = kids == null ? null : kids.find(key[depth]);
      if (child == null || !child.ownedBy(replica)) {
        break;
      }
      int[] edge = child.edge;
      if (edge.length > length - depth
          || Arrays.mismatch(edge, 0, edge.length, key, depth, depth + edge.length) >= 0) {
        break;
      }
      depth += edge.length;
      push(n++, child);
      node = child;
    }
    pathLength = depth;
    return n;
  }

  /**
   * Splits the nodes along {@code key[0, length)} where the key ends or diverges inside an edge,
   * and, if {@code extend}, adds a leaf for the rest so that the key ends at a node; fills {@link
   * #path} with the nodes from the root's child down, sets {@link #pathLength} to the symbols they
   * cover, and returns how many. Owners are not changed: a new leaf has none until the caller marks
   * the path.
   */
  private int buildPath(int[] key, int length, boolean extend) {
    Node node = root;
    int depth = 0;
    int n = 0;
    while (depth < length) {
      Kids kids = node.kidsPlain();
      int index;
      if (kids == null || (index = kids.indexOf(key[depth])) < 0) {
        if (extend) {
          push(n++, newLeaf(node, key, depth, length));
          depth = length;
        }
        break;
      }
      Node child = kids.nodes[index];
      int[] edge = child.edge;
      int span = Math.min(edge.length, length - depth);
      int m = Arrays.mismatch(edge, 0, span, key, depth, depth + span);
      int common = m < 0 ? span : m;
      if (common < edge.length) {
        child = split(node, kids, index, child, common);
      }
      depth += common;
      push(n++, child);
      node = child;
    }
    pathLength = depth;
    return n;
  }

  private Node newLeaf(Node parent, int[] key, int from, int to) {
    Kids kids = parent.kidsPlain();
    Node leaf = new Node(Arrays.copyOfRange(key, from, to), new long[words]);
    leaf.parent = parent;
    parent.kids(kids == null ? Kids.of(leaf) : kids.with(leaf));
    return leaf;
  }

  /**
   * Replaces {@code child} (at {@code index} among {@code parent}'s current children {@code kids})
   * by a new node holding the first {@code at} symbols of its edge, above a copy of it holding the
   * rest; returns the new upper node. Both inherit the owners; the old node stays intact for
   * readers inside it.
   */
  private Node split(Node parent, Kids kids, int index, Node child, int at) {
    int[] edge = child.edge;
    Node lower = new Node(Arrays.copyOfRange(edge, at, edge.length), child.owners);
    Node upper = new Node(Arrays.copyOf(edge, at), child.owners.clone());
    Kids grandKids = child.kidsPlain();
    lower.kids(grandKids);
    if (grandKids != null) {
      for (Node g : grandKids.nodes) {
        g.parent = lower;
      }
    }
    lower.parent = upper;
    upper.parent = parent;
    lower.firstOwn = child.firstOwn;
    Own last = null;
    for (Own o = lower.firstOwn; o != null; o = o.nextInNode) {
      o.node = lower;
      Own up = new Own(upper, o.replica);
      up.tick = o.tick;
      recency.addAfter(o, up);
      if (last == null) {
        upper.firstOwn = up;
      } else {
        last.nextInNode = up;
      }
      last = up;
    }
    upper.kids(Kids.of(lower));
    parent.kids(kids.replacing(index, upper));
    return upper;
  }

  /**
   * Marks {@code node} as held by {@code replica} at {@code tick} and makes it most recent; returns
   * the replica's record of it.
   */
  private Own hold(Node node, int replica, long tick) {
    Own o = node.own(replica);
    if (o == null) {
      o = new Own(node, replica);
      o.nextInNode = node.firstOwn;
      node.firstOwn = o;
      node.setOwner(replica);
      recency.addLast(o);
      addSymbols(replica, node.edge.length);
    } else {
      recency.moveToLast(o);
    }
    o.tick = tick;
    return o;
  }

  /**
   * Evicts until {@code need} more symbols fit under both caps for {@code replica}, which holds
   * {@code held} symbols on the key's path (at the tail of its list, so never evicted here).
   */
  private boolean makeRoom(int replica, long need, long held) {
    boolean released = false;
    while (symbols[replica] + need > caps[replica] && symbols[replica] > held) {
      // It holds more than the protected path, so its list is not empty.
      release(Objects.requireNonNull(recency.head(replica)));
      released = true;
    }
    while (totalSymbols + need > globalCap) {
      Own victim = null;
      long oldest = Long.MAX_VALUE;
      for (int r = 0; r < maxReplicas; r++) {
        Own h = recency.head(r);
        if (h != null && h.tick <= oldest && (r != replica || symbols[r] > held)) {
          if (h.tick < oldest || victim == null) {
            victim = h;
            oldest = h.tick;
          }
        }
      }
      if (victim == null) {
        return released;
      }
      release(victim);
      released = true;
    }
    return released;
  }

  /**
   * Ends one holding, which must be a leaf of its replica; unlinks the node if nobody holds it any
   * more. Returns the symbols freed.
   */
  private int release(Own o) {
    Node node = Objects.requireNonNull(o.node); // only a list's sentinel has none
    int replica = o.replica;
    recency.unlink(o);
    Own p = node.firstOwn;
    if (p == o) {
      node.firstOwn = o.nextInNode;
    } else {
      while (Objects.requireNonNull(p).nextInNode != o) {
        p = p.nextInNode;
      }
      p.nextInNode = o.nextInNode;
    }
    o.nextInNode = null;
    node.clearOwner(replica);
    int len = node.edge.length;
    addSymbols(replica, -len);
    if (node.firstOwn == null) {
      Node parent = Objects.requireNonNull(node.parent);
      Kids kids = Objects.requireNonNull(parent.kidsPlain());
      parent.kids(kids.without(kids.indexOf(node.edge[0])));
      node.parent = null;
    }
    return len;
  }

  private void addSymbols(int replica, long delta) {
    LONGS.setOpaque(symbols, replica, symbols[replica] + delta);
    totalSymbols += delta;
  }

  private void push(int i, Node node) {
    if (i == path.length) {
      path = Arrays.copyOf(path, i * 2);
    }
    path[i] = node;
  }
}
