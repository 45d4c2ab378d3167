package dev.gorgo.policies.internal;

import dev.gorgo.api.PolicyParameter;
import dev.gorgo.api.PolicyParameters;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingPolicyProvider;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link RoutingPolicyProvider} described by its name, description, parameters and a factory; the
 * built-in providers are one-line subclasses of it. Immutable and thread-safe.
 */
public abstract class SimpleProvider implements RoutingPolicyProvider {
  private final String name;
  private final String description;
  private final List<PolicyParameter> parameters;
  private final Function<PolicyParameters, RoutingPolicy> factory;

  /**
   * Describes a provider.
   *
   * @param name the policy's name
   * @param description one line for help output
   * @param parameters the parameters it accepts, with defaults
   * @param factory creates an instance from validated parameters
   */
  protected SimpleProvider(
      String name,
      String description,
      List<PolicyParameter> parameters,
      Function<PolicyParameters, RoutingPolicy> factory) {
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
    this.parameters = List.copyOf(parameters);
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final List<PolicyParameter> parameters() {
    return parameters;
  }

  @Override
  public final RoutingPolicy create(PolicyParameters values) {
    return factory.apply(Objects.requireNonNull(values, "values"));
  }

  @Override
  public String toString() {
    return name;
  }
}
