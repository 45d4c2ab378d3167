package dev.gorgo.trie;

import dev.gorgo.api.PromptKey;
import dev.gorgo.trie.Node.Kids;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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
 * {@link #symbols}) do not take it on their fast path. Three rules keep a reader safe without it:
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
 *       the counter moved while the reader walked, the reader walks again. So every result is
 *       linearizable: it describes the trie as it was at one instant, for all replicas at once. A
 *       retry happens only because a writer made progress (the walk itself is lock-free); after
 *       four collisions in a row the reader takes the lock for one walk, so that a long match
 *       cannot be starved by a stream of short writes. Writes are short (bounded by the key length
 *       and the leaves evicted), so in practice matches do not wait.
 * </ul>
 *
 * <p>Why a lock and not a single writer draining a queue: the caller of {@code insert} sees its
 * insert on return (the next match of the same prompt finds it), the caps hold the moment a call
 * returns, and no thread or queue has to be managed; the lock is uncontended unless several threads
 * insert at once, and readers never touch it on the fast path.
 *
 * <h2>Memory</h2>
 *
 * Per node: 32 bytes of object, the edge array (16 bytes plus 4 per symbol), one {@code long} of
 * owner bits per 64 replicas (24 bytes up to 64 replicas, 48 for 256), a children snapshot for
 * inner nodes, and a 48-byte record per holding replica. With realistic prompts (edges of hundreds
 * of symbols) that is 4.5 bytes per stored symbol; see {@link TrieStats#estimatedBytes()}.
 *
 * <p>A match allocates nothing: it writes into a caller-provided {@link MatchResult}.
 *
 * <p>Thread-safety: all methods may be called from any thread. Arrays passed in are read during the
 * call only and never retained (stored edges are copies).
 */
public final class PrefixTrie {
  private static final VarHandle ROOT;
  private static final VarHandle VERSION;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  /** Validated lock-free walks before a reader that keeps colliding with writers waits for one. */
  private static final int OPTIMISTIC_ATTEMPTS = 4;

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
  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by {@link #lock}. */
  private final TrieWriter writer;

  /**
   * Read by matchers with acquire, replaced by {@link #clear()} with release. Set in the
   * constructor like any field: a trie reaches other threads only through a safe publication of
   * itself.
   */
  @SuppressWarnings("unused")
  private Node root;

  /** Odd while a writer mutates; matchers validate against it. */
  @SuppressWarnings("unused")
  private long version;

  /** Aliases {@link TrieWriter#symbols}: written under the lock, read here lock-free. */
  private final long[] symbols;

  private PrefixTrie(Builder b) {
    this.maxReplicas = b.maxReplicas;
    this.writer = new TrieWriter(b.maxReplicas, b.perReplicaCap, b.globalCap);
    this.symbols = writer.symbols;
    this.root = writer.root();
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
    for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      long before = (long) VERSION.getAcquire(this);
      if ((before & 1) == 0) {
        into.clear();
        walk((Node) ROOT.getAcquire(this), key, length, into);
        VarHandle.loadLoadFence();
        if (before == (long) VERSION.getOpaque(this)) {
          return;
        }
      } else {
        Thread.onSpinWait();
      }
    }
    // Writers kept overlapping: wait for the one in progress instead of starving.
    lock.lock();
    try {
      into.clear();
      walk(writer.root(), key, length, into);
    } finally {
      lock.unlock();
    }
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
      beginWrite();
      try {
        writer.insert(key, length, replica, tick);
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
    write(
        () -> {
          writer.setCap(replica, capSymbols);
          return 0;
        });
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
      return writer.caps[replica];
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
    return write(() -> writer.evict(replica, symbols));
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
    write(
        () -> {
          writer.remove(key, length, replica);
          return 0;
        });
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
    write(() -> writer.evict(replica, Long.MAX_VALUE));
  }

  /** Forgets everything. Caps are kept. */
  public void clear() {
    write(
        () -> {
          ROOT.setRelease(this, writer.clear());
          return 0;
        });
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
    for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      long before = (long) VERSION.getAcquire(this);
      long value = (long) LONGS.getOpaque(symbols, replica);
      VarHandle.loadLoadFence();
      if ((before & 1) == 0 && before == (long) VERSION.getOpaque(this)) {
        return value;
      }
    }
    lock.lock();
    try {
      return symbols[replica];
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the symbols held by all replicas together, the quantity the global cap bounds (a symbol
   * held by two replicas counts twice).
   *
   * @return total symbols held
   */
  public long totalSymbols() {
    return locked(writer::totalSymbols);
  }

  /**
   * Walks the whole trie and returns its statistics. Takes the write lock for the walk (O(nodes)):
   * matches continue, writers wait. Meant for monitoring, not for the request path.
   *
   * @return a snapshot
   */
  public TrieStats stats() {
    return locked(() -> TrieWalker.stats(writer.root(), symbols.clone(), writer.words()));
  }

  /** The current root, for package-private tools (rendering, invariant checks). */
  Node root() {
    return (Node) ROOT.getAcquire(this);
  }

  /** Runs {@code action} under the write lock, for package-private tools. */
  <T> T locked(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- write sections

  private void beginWrite() {
    long v = (long) VERSION.get(this);
    VERSION.setOpaque(this, v + 1);
    VarHandle.storeStoreFence();
  }

  private void endWrite() {
    long v = (long) VERSION.get(this);
    VERSION.setRelease(this, v + 1);
  }

  /** Runs one mutation under the lock, inside a write section of the sequence counter. */
  private long write(LongSupplier mutation) {
    lock.lock();
    try {
      beginWrite();
      try {
        return mutation.getAsLong();
      } finally {
        endWrite();
      }
    } finally {
      lock.unlock();
    }
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
