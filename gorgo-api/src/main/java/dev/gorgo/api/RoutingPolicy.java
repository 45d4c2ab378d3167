package dev.gorgo.api;

/**
 * Chooses where a request goes. A policy is a function of the request and a {@link ClusterView}: it
 * reads time only from {@link ClusterView#nowNanos()} and keeps no reference to the view, so the
 * simulator can run it unchanged in virtual time.
 *
 * <p>Implementations must be thread-safe: the router calls {@link #decide} concurrently. A policy
 * may keep small internal state (a round-robin counter, a random generator) when that state is
 * thread-safe. Instances are created by name through {@link Policies}.
 */
public interface RoutingPolicy {

  /**
   * The policy's registered name, for example {@code "gorgo"}.
   *
   * @return the name
   */
  String name();

  /**
   * Decides where the request goes. Must not block, must not throw for any valid view, and should
   * not allocate on the common path.
   *
   * @param request the request
   * @param view the cluster as of this decision
   * @return route to an endpoint of {@code view}, wait for capacity, or reject
   */
  Decision decide(RoutingRequest request, ClusterView view);

  /**
   * Whether this policy reads {@link ClusterView#matchedSymbols(int)}. The router skips the prefix
   * trie walk for policies that do not.
   *
   * @return {@code true} when prefix matches are read; {@code false} by default
   */
  default boolean usesPrefixMatches() {
    return false;
  }
}
