/**
 * GORGO's routing SPI: the values a router reasons about ({@link dev.gorgo.api.Endpoint}, {@link
 * dev.gorgo.api.RoutingRequest}, {@link dev.gorgo.api.PromptKey}), the read-only {@link
 * dev.gorgo.api.ClusterView} a policy decides against, the {@link dev.gorgo.api.RoutingPolicy}
 * contract and its {@link dev.gorgo.api.Decision}s, the {@link dev.gorgo.api.RouterListener}
 * observability hook, and the {@link dev.gorgo.api.Policies} lookup by name.
 *
 * <p>This module has no dependencies and exposes no third-party type.
 */
module dev.gorgo.api {
  requires static transitive org.jspecify;

  exports dev.gorgo.api;

  uses dev.gorgo.api.RoutingPolicyProvider;
}
