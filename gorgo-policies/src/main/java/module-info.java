/**
 * GORGO's router and routing policies: the {@link dev.gorgo.router.Router} facade (cluster state,
 * load accounting, admission queue, leases) and every built-in policy, registered by name for
 * {@link dev.gorgo.api.Policies}.
 */
module dev.gorgo.policies {
  requires transitive dev.gorgo.api;
  requires transitive dev.gorgo.trie;
  requires static org.jspecify;

  exports dev.gorgo.router;
  exports dev.gorgo.policies;

  provides dev.gorgo.api.RoutingPolicyProvider with
      dev.gorgo.policies.internal.GorgoProvider,
      dev.gorgo.policies.internal.GorgoLocalProvider,
      dev.gorgo.policies.internal.PrefixTreePolicy.Provider,
      dev.gorgo.policies.internal.LeastLoadPolicy.Provider,
      dev.gorgo.policies.internal.RoundRobinPolicy.Provider,
      dev.gorgo.policies.internal.RandomPolicy.Provider,
      dev.gorgo.policies.internal.PowerOfTwoPolicy.Provider,
      dev.gorgo.policies.internal.SessionAffinityPolicy.Provider,
      dev.gorgo.policies.internal.CacheAwarePolicy.Provider,
      dev.gorgo.policies.internal.NearestRegionPolicy.Provider;
}
