package dev.gorgo.trie;

import dev.gorgo.api.PromptKey;
import dev.gorgo.trie.Node.Kids;
import dev.gorgo.trie.Node.Own;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A concurrent radix trie over {@code int} symbols that remembers which replicas hold which
 * prefixes, so that one walk tells, for every replica, the longest prefix of a prompt it is
 * believed to have in its KV cache.
 *
 * <h2>Structure</h2>
 *
 * Edges carry runs of symbols in exact-size {@code int[]} arrays compared with {@link
 * Arrays#mismatch(int[], int, int, int[], int, int)}, which the JIT vectorises; a node's children
 * are kept sorted by first symbol in a primitive array, scanned when few and binary-searched when
 * many. Every node carries a bitset of the replicas holding it, one {@code long} per 64 replicas.
 * <b>A replica that holds a node holds all of its ancestors</b>: an insert marks the whole path, a
 * split copies the owners to the new upper node, and eviction only ever removes a replica's deepest
 * nodes. (The system this replaces recorded a replica only where an insert ended, so after a split
 * the shared prefix belonged to nobody.) Matching therefore records, at each node on the key's
 * path, "these replicas hold this many symbols"; deeper nodes overwrite shallower ones.
 *
 * <h2>Bounded memory and LRU</h2>
 *
 * Each replica has a cap in symbols (for example its KV capacity divided by the tokens per symbol),
 * and all replicas together a global cap; a replica's symbols are the edge lengths of the nodes it
 * holds. The caps hold at all times: an insert first computes how many symbols it adds, evicts
 * least-recently-used leaves until they fit, and only then links new nodes. Every replica has a
 * doubly linked recency list of its holdings in which a node always follows its descendants (an
 * insert moves its path to the tail deepest first), so the head of the list is always a leaf of
 * that replica and evicting it is O(1). A node that nobody holds any more is unlinked. A key longer
 * than a cap is held up to the cap only.
 *
 * <h2>Concurrency</h2>
 *
 * Writers ({@code insert}, {@code evict}, {@code remove}, ...) are serialised by one lock; they are
 * short and bounded by the key length and the number of evicted nodes. Readers ({@link #match},
 * {@link #symbols}) never take it. Three rules keep a reader safe without it:
 *
 * <ul>
 *   <li>Nothing a reader can reach is modified in place, except single owner words. An edge is a
 *       final array. A split does not shorten the old node: it builds a new upper node and a copy
 *       of the lower one, and swaps them into the parent; a reader already inside the old node
 *       finishes its walk in a consistent old version of the subtree.
 *   <li>Children are an immutable snapshot ({@code int[]} of first symbols plus {@code Node[]})
 *       published with a release store and read with an acquire load; the root likewise. So a
 *       reader never sees a torn node or a half-built child.
 *   <li>Each match is validated by a sequence counter that a writer makes odd while it mutates: if
 *       the counter moved while the reader walked, the reader walks again. A retry happens only
 *       because a writer made progress, so matching is lock-free (not wait-free) and every result
 *       is linearizable: it describes the trie as it was at one instant, for all replicas at once.
 * </ul>
 *
 * A match allocates nothing: it writes into a caller-provided {@link MatchResult}.
 *
 * <p>Thread-safety: all methods may be called from any thread. Arrays passed in are read during the
 * call only and never retained (stored edges are copies).
 */
public final class PrefixTrie {
  private static final VarHandle ROOT;
  private static final VarHandle VERSION;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int[] NO_SYMBOLS = new int[0];

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      ROOT = l.findVarHandle(PrefixTrie.class, "root", Node.class);
      VERSION = l.findVarHandle(PrefixTrie.class, "version", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int maxReplicas;
  private final int words;
  private final long globalCap;
  private final ReentrantLock lock = new ReentrantLock();

  /** Read by matchers with acquire, replaced by {@link #clear()} with release. */
  @SuppressWarnings("unused")
  private Node root;

  /** Odd while a writer mutates; matchers validate against it. */
  @SuppressWarnings("unused")
  private long version;

  // Guarded by lock (symbols is also read lock-free, with opaque loads).
  private final long[] symbols;
  private final long[] caps;
  private final Recency recency;
  private long totalSymbols;
  private long lastTick = Long.MIN_VALUE;
  private Node[] path = new Node[16];
  private int pathLength;

  private PrefixTrie(Builder b) {
    this.maxReplicas = b.maxReplicas;
    this.words = (b.maxReplicas + 63) >>> 6;
    this.globalCap = b.globalCap;
    this.symbols = new long[maxReplicas];
    this.caps = new long[maxReplicas];
    Arrays.fill(caps, b.perReplicaCap);
    this.recency = new Recency(maxReplicas);
    ROOT.setRelease(this, newRoot());
  }

  /**
   * Returns a builder with the defaults: 64 replicas, no per-replica cap, no global cap.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns how many replicas this trie tracks; ids are {@code 0..maxReplicas()-1}.
   *
   * @return the replica count fixed at build time
   */
  public int maxReplicas() {
    return maxReplicas;
  }

  /**
   * Finds, for every replica, the longest prefix of {@code key[0, length)} it holds. Lock-free and
   * allocation-free; see the class description for the consistency guarantee.
   *
   * @param key the symbols; read only, not retained
   * @param length how many leading symbols of {@code key} form the key, {@code 0 <= length <=
   *     key.length}
   * @param into the result to overwrite; its {@link MatchResult#maxReplicas()} must be at least
   *     {@link #maxReplicas()}
   * @throws NullPointerException if {@code key} or {@code into} is null
   * @throws IllegalArgumentException if {@code length} is out of range or {@code into} is too small
   */
  public void match(int[] key, int length, MatchResult into) {
    checkKey(key, length);
    if (into.maxReplicas() < maxReplicas) {
      throw new IllegalArgumentException(
          "MatchResult holds " + into.maxReplicas() + " replicas, trie has " + maxReplicas);
    }
    long before;
    do {
      before = (long) VERSION.getAcquire(this);
      into.clear();
      if ((before & 1) == 0) {
        walk((Node) ROOT.getAcquire(this), key, length, into);
      }
      VarHandle.loadLoadFence();
    } while ((before & 1) != 0 || before != (long) VERSION.getOpaque(this));
  }

  /**
   * Matches a prompt key; equivalent to {@code match(key.symbols(), key.length(), into)}.
   *
   * @param key the prompt key, not null
   * @param into the result to overwrite
   * @see #match(int[], int, MatchResult)
   */
  public void match(PromptKey key, MatchResult into) {
    match(key.symbols(), key.length(), into);
  }

  private static void walk(Node node, int[] key, int length, MatchResult into) {
    int depth = 0;
    while (depth < length) {
      Kids kids = node.kids();
      if (kids == null) {
        return;
      }
      Node child = kids.find(key[depth]);
      if (child == null) {
        return;
      }
      int[] edge = child.edge;
      int n = Math.min(edge.length, length - depth);
      int m = Arrays.mismatch(edge, 0, n, key, depth, depth + n);
      int common = m < 0 ? n : m;
      depth += common;
      into.record(child.owners, depth);
      if (common < edge.length) {
        return;
      }
      node = child;
    }
  }

  /**
   * Records that {@code replica} now holds {@code key[0, length)} (for example because a request
   * with this prompt was routed to it), as of {@code tick}. If holding the new symbols would exceed
   * the replica's cap or the global cap, least-recently-used leaves are evicted first (never the
   * key's own prefix); a key longer than a cap is held up to the cap only.
   *
   * @param key the symbols; read only, not retained (the trie stores copies)
   * @param length how many leading symbols of {@code key} form the key
   * @param replica the replica id, {@code 0 <= replica < maxReplicas()}
   * @param tick the access time for LRU, in any unit, expected non-decreasing across calls (for
   *     example {@link dev.gorgo.api.Ticker#nanos()}); a tick older than the newest seen counts as
   *     the newest
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code length} or {@code replica} is out of range
   */
  public void insert(int[] key, int length, int replica, long tick) {
    checkKey(key, length);
    checkReplica(replica);
    lock.lock();
    try {
      lastTick = Math.max(lastTick, tick);
      int len = (int) Math.min(length, Math.min(caps[replica], globalCap));
      if (len == 0) {
        return;
      }
      beginWrite();
      try {
        // Split where the key ends or leaves the trie, so that what the replica already holds of
        // it is a run of whole nodes; protect those, make room for the rest, then link it.
        buildPath(key, len, false);
        int depth = heldPath(key, len, replica);
        long held = 0;
        for (int i = depth - 1; i >= 0; i--) {
          recency.moveToLast(path[i].own(replica));
          held += path[i].edge.length;
        }
        makeRoom(replica, len - held, held);
        int n = buildPath(key, len, true);
        for (int i = n - 1; i >= 0; i--) {
          hold(path[i], replica, lastTick);
        }
        // A truncated key did not end here: remove() may take the node like an eviction remnant.
        if (len == length) {
          path[n - 1].own(replica).terminal = true;
        }
        Arrays.fill(path, 0, n, null);
      } finally {
        endWrite();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Inserts a prompt key; equivalent to {@code insert(key.symbols(), key.length(), replica, tick)}.
   *
   * @param key the prompt key, not null
   * @param replica the replica id
   * @param tick the access time for LRU
   * @see #insert(int[], int, int, long)
   */
  public void insert(PromptKey key, int replica, long tick) {
    insert(key.symbols(), key.length(), replica, tick);
  }

  /**
   * Sets the cap of one replica and evicts its least-recently-used leaves at once if it now holds
   * more.
   *
   * @param replica the replica id
   * @param capSymbols the cap in symbols, {@code >= 0}; {@link Long#MAX_VALUE} for none
   * @throws IllegalArgumentException if an argument is out of range
   */
  public void setReplicaCap(int replica, long capSymbols) {
    checkReplica(replica);
    if (capSymbols < 0) {
      throw new IllegalArgumentException("capSymbols must be >= 0, was " + capSymbols);
    }
    lock.lock();
    try {
      caps[replica] = capSymbols;
      if (symbols[replica] > capSymbols) {
        beginWrite();
        try {
          evictLru(replica, symbols[replica] - capSymbols);
        } finally {
          endWrite();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the cap of one replica.
   *
   * @param replica the replica id
   * @return the cap in symbols; {@link Long#MAX_VALUE} for none
   * @throws IllegalArgumentException if {@code replica} is out of range
   */
  public long replicaCap(int replica) {
    checkReplica(replica);
    lock.lock();
    try {
      return caps[replica];
    } finally {
      lock.unlock();
    }
  }

  /**
   * Evicts least-recently-used leaves of {@code replica} until at least {@code symbols} symbols are
   * freed or the replica holds nothing.
   *
   * @param replica the replica id
   * @param symbols how many symbols to free, {@code >= 0}
   * @return the symbols actually freed; may exceed {@code symbols} by less than one edge
   * @throws IllegalArgumentException if an argument is out of range
   */
  public long evict(int replica, long symbols) {
    checkReplica(replica);
    if (symbols < 0) {
      throw new IllegalArgumentException("symbols must be >= 0, was " + symbols);
    }
    lock.lock();
    try {
      beginWrite();
      try {
        return evictLru(replica, symbols);
      } finally {
        endWrite();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets that {@code replica} holds the part of {@code key[0, length)} that no other insert of
   * the same replica shares; used when a request was recorded but never reached the replica. Best
   * effort: prefixes that other inserts of this replica ended at or pass through stay held. If the
   * replica holds only a prefix of the key (after eviction, or a key longer than the cap), that
   * prefix is forgotten unless another insert ended exactly there.
   *
   * @param key the symbols; read only, not retained
   * @param length how many leading symbols of {@code key} form the key
   * @param replica the replica id
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code length} or {@code replica} is out of range
   */
  public void remove(int[] key, int length, int replica) {
    checkKey(key, length);
    checkReplica(replica);
    lock.lock();
    try {
      int n = heldPath(key, length, replica);
      if (n == 0) {
        return;
      }
      Node node = path[n - 1];
      Arrays.fill(path, 0, n, null);
      Own end = node.own(replica);
      // The held prefix stops short of the key: if another insert ended there, it is not ours.
      if (node.hasChildOwnedBy(replica) || (end.terminal && pathLength != length)) {
        return;
      }
      beginWrite();
      try {
        end.terminal = false;
        while (node.edge.length > 0) {
          Own o = node.own(replica);
          if (o == null || o.terminal || node.hasChildOwnedBy(replica)) {
            break;
          }
          Node parent = node.parent;
          release(o);
          node = parent;
        }
      } finally {
        endWrite();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets everything {@code replica} holds (for example after its cache was flushed or it left
   * the cluster).
   *
   * @param replica the replica id
   * @throws IllegalArgumentException if {@code replica} is out of range
   */
  public void removeReplica(int replica) {
    checkReplica(replica);
    lock.lock();
    try {
      beginWrite();
      try {
        evictLru(replica, Long.MAX_VALUE);
      } finally {
        endWrite();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Forgets everything. Caps are kept. */
  public void clear() {
    lock.lock();
    try {
      beginWrite();
      try {
        ROOT.setRelease(this, newRoot());
        recency.clear();
        for (int r = 0; r < maxReplicas; r++) {
          LONGS.setOpaque(symbols, r, 0L);
        }
        totalSymbols = 0;
      } finally {
        endWrite();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the symbols {@code replica} holds. Lock-free and linearizable, validated like {@link
   * #match}.
   *
   * @param replica the replica id
   * @return symbols held, {@code >= 0}
   * @throws IllegalArgumentException if {@code replica} is out of range
   */
  public long symbols(int replica) {
    checkReplica(replica);
    long before;
    long value;
    do {
      before = (long) VERSION.getAcquire(this);
      value = (long) LONGS.getOpaque(symbols, replica);
      VarHandle.loadLoadFence();
    } while ((before & 1) != 0 || before != (long) VERSION.getOpaque(this));
    return value;
  }

  /**
   * Returns the symbols held by all replicas together, the quantity the global cap bounds (a symbol
   * held by two replicas counts twice).
   *
   * @return total symbols held
   */
  public long totalSymbols() {
    lock.lock();
    try {
      return totalSymbols;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Walks the whole trie and returns its statistics. Takes the write lock for the walk (O(nodes)):
   * matches continue, writers wait. Meant for monitoring, not for the request path.
   *
   * @return a snapshot
   */
  public TrieStats stats() {
    lock.lock();
    try {
      return TrieWalker.stats(root(), symbols.clone(), words);
    } finally {
      lock.unlock();
    }
  }

  /** The current root, for package-private tools (rendering, invariant checks). */
  Node root() {
    return (Node) ROOT.getAcquire(this);
  }

  /** Runs {@code action} under the write lock, for package-private tools. */
  <T> T locked(java.util.function.Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- writer internals (locked)

  private void beginWrite() {
    long v = (long) VERSION.get(this);
    VERSION.setOpaque(this, v + 1);
    VarHandle.storeStoreFence();
  }

  private void endWrite() {
    long v = (long) VERSION.get(this);
    VERSION.setRelease(this, v + 1);
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
    Node node = root();
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
   * #path} with the nodes from the root's child down and returns how many. Owners are not changed:
   * a new leaf has none until the caller marks the path.
   */
  private int buildPath(int[] key, int length, boolean extend) {
    Node node = root();
    int depth = 0;
    int n = 0;
    while (depth < length) {
      Kids kids = node.kidsPlain();
      int index = kids == null ? -1 : kids.indexOf(key[depth]);
      if (index < 0) {
        if (!extend) {
          return n;
        }
        Node leaf = new Node(Arrays.copyOfRange(key, depth, length), new long[words]);
        leaf.parent = node;
        node.kids(kids == null ? Kids.of(leaf) : kids.with(leaf));
        push(n++, leaf);
        return n;
      }
      Node child = kids.nodes[index];
      int[] edge = child.edge;
      int span = Math.min(edge.length, length - depth);
      int m = Arrays.mismatch(edge, 0, span, key, depth, depth + span);
      int common = m < 0 ? span : m;
      if (common < edge.length) {
        child = split(node, index, child, common);
      }
      depth += common;
      push(n++, child);
      node = child;
    }
    return n;
  }

  /**
   * Replaces {@code child} (at {@code index} among {@code parent}'s children) by a new node holding
   * the first {@code at} symbols of its edge, above a copy of it holding the rest; returns the new
   * upper node. Both inherit the owners; the old node stays intact for readers inside it.
   */
  private Node split(Node parent, int index, Node child, int at) {
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
    parent.kids(parent.kidsPlain().replacing(index, upper));
    return upper;
  }

  /** Marks {@code node} as held by {@code replica} at {@code tick} and makes it most recent. */
  private void hold(Node node, int replica, long tick) {
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
  }

  /**
   * Evicts until {@code need} more symbols fit under both caps for {@code replica}, which holds
   * {@code held} symbols on the key's path (at the tail of its list, so never evicted here).
   */
  private void makeRoom(int replica, long need, long held) {
    while (symbols[replica] + need > caps[replica] && symbols[replica] > held) {
      release(recency.head(replica));
    }
    while (totalSymbols + need > globalCap) {
      int victim = -1;
      long oldest = Long.MAX_VALUE;
      for (int r = 0; r < maxReplicas; r++) {
        Own h = recency.head(r);
        if (h != null && h.tick <= oldest && (r != replica || symbols[r] > held)) {
          if (h.tick < oldest || victim < 0) {
            victim = r;
            oldest = h.tick;
          }
        }
      }
      if (victim < 0) {
        return;
      }
      release(recency.head(victim));
    }
  }

  private long evictLru(int replica, long atLeast) {
    long freed = 0;
    Own h;
    while (freed < atLeast && (h = recency.head(replica)) != null) {
      freed += release(h);
    }
    return freed;
  }

  /**
   * Ends one holding, which must be a leaf of its replica; unlinks the node if nobody holds it any
   * more. Returns the symbols freed.
   */
  private int release(Own o) {
    Node node = o.node;
    int replica = o.replica;
    recency.unlink(o);
    if (node.firstOwn == o) {
      node.firstOwn = o.nextInNode;
    } else {
      Own p = node.firstOwn;
      while (p.nextInNode != o) {
        p = p.nextInNode;
      }
      p.nextInNode = o.nextInNode;
    }
    o.nextInNode = null;
    node.clearOwner(replica);
    int len = node.edge.length;
    addSymbols(replica, -len);
    if (node.firstOwn == null) {
      Node parent = node.parent;
      Kids kids = parent.kidsPlain();
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

  private static void checkKey(int[] key, int length) {
    Objects.requireNonNull(key, "key");
    if (length < 0 || length > key.length) {
      throw new IllegalArgumentException(
          "length must be in [0, " + key.length + "], was " + length);
    }
  }

  private void checkReplica(int replica) {
    if (replica < 0 || replica >= maxReplicas) {
      throw new IllegalArgumentException(
          "replica must be in [0, " + maxReplicas + "), was " + replica);
    }
  }

  /** Configures a {@link PrefixTrie}. Not thread-safe; a builder may build several tries. */
  public static final class Builder {
    private int maxReplicas = 64;
    private long perReplicaCap = Long.MAX_VALUE;
    private long globalCap = Long.MAX_VALUE;

    private Builder() {}

    /**
     * Sets how many replicas the trie tracks; their ids are {@code 0..n-1} (endpoint indexes).
     *
     * @param n the replica count, {@code 1 <= n <= 65536}; default 64
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public Builder maxReplicas(int n) {
      if (n < 1 || n > 65536) {
        throw new IllegalArgumentException("maxReplicas must be in [1, 65536], was " + n);
      }
      this.maxReplicas = n;
      return this;
    }

    /**
     * Sets the initial cap of every replica, in symbols; change one later with {@link
     * PrefixTrie#setReplicaCap}.
     *
     * @param cap symbols, {@code >= 0}; default {@link Long#MAX_VALUE} (unbounded)
     * @return this builder
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public Builder perReplicaCapSymbols(long cap) {
      if (cap < 0) {
        throw new IllegalArgumentException("perReplicaCapSymbols must be >= 0, was " + cap);
      }
      this.perReplicaCap = cap;
      return this;
    }

    /**
     * Sets the cap on the symbols held by all replicas together (a symbol held by two replicas
     * counts twice), which also bounds the trie's memory.
     *
     * @param cap symbols, {@code >= 0}; default {@link Long#MAX_VALUE} (unbounded)
     * @return this builder
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public Builder globalCapSymbols(long cap) {
      if (cap < 0) {
        throw new IllegalArgumentException("globalCapSymbols must be >= 0, was " + cap);
      }
      this.globalCap = cap;
      return this;
    }

    /**
     * Builds an empty trie.
     *
     * @return the trie
     */
    public PrefixTrie build() {
      return new PrefixTrie(this);
    }
  }
}
