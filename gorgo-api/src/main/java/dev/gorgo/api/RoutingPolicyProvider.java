package dev.gorgo.api;

import java.util.List;

/**
 * Creates policies of one kind; the {@link java.util.ServiceLoader} service through which {@link
 * Policies} finds policies by name. Register implementations in {@code module-info.java} ({@code
 * provides dev.gorgo.api.RoutingPolicyProvider with ...}) and in {@code
 * META-INF/services/dev.gorgo.api.RoutingPolicyProvider} for class-path use.
 *
 * <p>Implementations must be thread-safe and have a public no-argument constructor.
 */
public interface RoutingPolicyProvider {

  /**
   * The name users select the policy by, lower-case with dashes, for example {@code "least-load"}.
   *
   * @return the name
   */
  String name();

  /**
   * A one-line description for help output.
   *
   * @return the description
   */
  String description();

  /**
   * The parameters the policy accepts, with defaults.
   *
   * @return declarations; empty when it takes none
   */
  default List<PolicyParameter> parameters() {
    return List.of();
  }

  /**
   * Creates a policy instance.
   *
   * @param parameters values validated against {@link #parameters()}
   * @return a new policy
   */
  RoutingPolicy create(PolicyParameters parameters);
}
