package dev.gorgo.router;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.CostBreakdown;
import dev.gorgo.api.Endpoint;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.Health;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The reusable {@link ClusterView} (and its {@link CostBreakdown}) one decision runs against.
 *
 * <p>A view is borrowed from the router's {@link ViewPool} for one decision and confined to that
 * thread. Resetting it costs nothing per endpoint: states are copied from the live slots lazily,
 * the first time a policy asks for an index, and cost entries are tagged with a decision stamp
 * instead of being cleared, so a policy that looks at two endpoints out of 256 pays for two.
 * Copying (rather than reading the live atomics on every call) gives the policy a consistent
 * picture of each endpoint for the whole decision.
 */
final class DecisionView implements ClusterView, CostBreakdown {
  private Membership members = Membership.EMPTY;
  private EndpointSlot[] slots = new EndpointSlot[0];
  private long nowNanos;
  private int stamp;
  private StateCopy[] states = new StateCopy[0];
  private int[] costStamp = new int[0];
  private double[] rtt = new double[0];
  private double[] prefill = new double[0];
  private double[] load = new double[0];
  private int[] matched = new int[0];
  private boolean hasMatches;
  private int refreshTicks;
  private @Nullable EndpointSlot avoided; // shown as ineligible for this decision (a retry)
  final Object matchScratch; // the prefix index's reusable match result

  DecisionView(Object matchScratch) {
    this.matchScratch = matchScratch;
  }

  void reset(Membership m, long now) {
    members = m;
    slots = m.slots();
    nowNanos = now;
    int n = slots.length;
    if (states.length < n) {
      int cap = Math.max(n, states.length * 2);
      StateCopy[] s = Arrays.copyOf(states, cap);
      for (int i = states.length; i < cap; i++) {
        s[i] = new StateCopy();
      }
      states = s;
      costStamp = new int[cap];
      rtt = new double[cap];
      prefill = new double[cap];
      load = new double[cap];
      matched = new int[cap];
      stamp = 0;
    }
    if (++stamp == 0) { // wrapped: invalidate all tags explicitly
      Arrays.fill(costStamp, 0);
      for (StateCopy c : states) {
        c.stamp = 0;
      }
      stamp = 1;
    }
    hasMatches = false;
    avoided = null;
  }

  /**
   * Shows an endpoint as ineligible for this decision (after {@link #reset}): a retry avoids the
   * endpoint that just failed it.
   */
  void avoid(@Nullable EndpointSlot slot) {
    avoided = slot;
  }

  /** Sets the match lengths; {@code replicaMatched[r]} is read through the slot's replica id. */
  int[] matchedArray() {
    hasMatches = true;
    return matched;
  }

  void clearMatches() {
    hasMatches = false;
  }

  /** A per-view counter for sampled LRU refreshes (views are thread-confined while borrowed). */
  int nextRefreshTick() {
    return refreshTicks++;
  }

  EndpointSlot slot(int index) {
    return slots[index];
  }

  Membership membership() {
    return members;
  }

  @Override
  public int size() {
    return slots.length;
  }

  @Override
  public Endpoint endpoint(int index) {
    return slots[index].endpoint();
  }

  @Override
  public EndpointState state(int index) {
    EndpointSlot s = slots[index];
    StateCopy c = states[index];
    if (c.stamp != stamp) {
      c.load(s, nowNanos);
      if (s == avoided) {
        c.eligible = false;
      }
      c.stamp = stamp;
    }
    return c;
  }

  @Override
  public int matchedSymbols(int index) {
    if (index < 0 || index >= slots.length) {
      throw new IndexOutOfBoundsException(index);
    }
    return hasMatches ? matched[index] : 0;
  }

  @Override
  public int localIndex() {
    return members.localIndex();
  }

  @Override
  public long nowNanos() {
    return nowNanos;
  }

  @Override
  public CostBreakdown costs() {
    return this;
  }

  @Override
  public int indexOf(String endpointId) {
    return members.indexOf(endpointId);
  }

  // ------------------------------------------------------------------ CostBreakdown

  @Override
  public void record(int index, double rttMillis, double prefillMillis, double loadMillis) {
    if (index < 0 || index >= slots.length) {
      throw new IndexOutOfBoundsException(index);
    }
    costStamp[index] = stamp;
    rtt[index] = rttMillis;
    prefill[index] = prefillMillis;
    load[index] = loadMillis;
  }

  @Override
  public boolean has(int index) {
    return index >= 0 && index < slots.length && costStamp[index] == stamp;
  }

  @Override
  public double rttMillis(int index) {
    return has(index) ? rtt[index] : Double.NaN;
  }

  @Override
  public double prefillMillis(int index) {
    return has(index) ? prefill[index] : Double.NaN;
  }

  @Override
  public double loadMillis(int index) {
    return has(index) ? load[index] : Double.NaN;
  }

  /** A mutable, reusable copy of one slot's state. */
  static final class StateCopy implements EndpointState {
    int stamp;
    private double rttMillis;
    private int inflightPrefilling;
    private int inflightDecoding;
    private long prefillingTokens;
    private long decodingTokens;
    private int engineRunning;
    private int engineQueued;
    private double kvUsage;
    private long engineAgeNanos;
    private Health health = Health.UNKNOWN;
    private boolean eligible;

    void load(EndpointSlot s, long now) {
      rttMillis = s.rttMillis();
      inflightPrefilling = Math.max(0, s.prefilling());
      inflightDecoding = Math.max(0, s.decoding());
      prefillingTokens = Math.max(0, s.prefillTokens());
      decodingTokens = Math.max(0, s.decodeTokens());
      EndpointSlot.EngineReport r = s.freshEngine(now);
      if (r == null) {
        engineRunning = -1;
        engineQueued = -1;
        kvUsage = Double.NaN;
        engineAgeNanos = Long.MAX_VALUE;
      } else {
        engineRunning = r.running();
        engineQueued = r.queued();
        kvUsage = r.kvUsage();
        engineAgeNanos = now - r.atNanos();
      }
      health = s.health();
      eligible = s.eligible(s.inflight(), now);
    }

    @Override
    public double rttMillis() {
      return rttMillis;
    }

    @Override
    public int inflightPrefilling() {
      return inflightPrefilling;
    }

    @Override
    public int inflightDecoding() {
      return inflightDecoding;
    }

    @Override
    public long prefillingTokens() {
      return prefillingTokens;
    }

    @Override
    public long decodingTokens() {
      return decodingTokens;
    }

    @Override
    public int engineRunning() {
      return engineRunning;
    }

    @Override
    public int engineQueued() {
      return engineQueued;
    }

    @Override
    public double kvUsage() {
      return kvUsage;
    }

    @Override
    public long engineAgeNanos() {
      return engineAgeNanos;
    }

    @Override
    public Health health() {
      return health;
    }

    @Override
    public boolean eligible() {
      return eligible;
    }
  }
}
