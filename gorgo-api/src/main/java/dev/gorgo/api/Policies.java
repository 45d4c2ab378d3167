package dev.gorgo.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds routing policies by name through {@link ServiceLoader}. An unknown name is an error that
 * lists the known names: it never falls back to some default policy.
 *
 * <p>Thread-safe; each call consults the service loader afresh (policies are created rarely).
 */
public final class Policies {
  private Policies() {}

  /**
   * Lists the registered providers visible to this module (and the thread's context class loader on
   * the class path), sorted by name.
   *
   * @return the providers
   */
  public static List<RoutingPolicyProvider> providers() {
    return providers(ServiceLoader.load(RoutingPolicyProvider.class));
  }

  /**
   * Lists the registered providers visible to a class loader, sorted by name.
   *
   * @param loader the class loader to search
   * @return the providers
   */
  public static List<RoutingPolicyProvider> providers(ClassLoader loader) {
    return providers(ServiceLoader.load(RoutingPolicyProvider.class, loader));
  }

  private static List<RoutingPolicyProvider> providers(ServiceLoader<RoutingPolicyProvider> sl) {
    TreeMap<String, RoutingPolicyProvider> byName = new TreeMap<>();
    for (RoutingPolicyProvider p : sl) {
      RoutingPolicyProvider previous = byName.putIfAbsent(p.name(), p);
      if (previous != null && previous.getClass() != p.getClass()) {
        throw new IllegalStateException(
            "two providers register the policy name '"
                + p.name()
                + "': "
                + previous.getClass().getName()
                + " and "
                + p.getClass().getName());
      }
    }
    return List.copyOf(byName.values());
  }

  /**
   * Lists the registered policy names, sorted.
   *
   * @return names
   */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (RoutingPolicyProvider p : providers()) {
      names.add(p.name());
    }
    return names;
  }

  /**
   * Returns the provider of a policy.
   *
   * @param name the policy's name
   * @return its provider
   * @throws UnknownPolicyException if no provider has that name
   */
  public static RoutingPolicyProvider provider(String name) {
    Objects.requireNonNull(name, "name");
    List<RoutingPolicyProvider> all = providers();
    List<String> names = new ArrayList<>();
    for (RoutingPolicyProvider p : all) {
      if (p.name().equals(name)) {
        return p;
      }
      names.add(p.name());
    }
    throw new UnknownPolicyException(name, names);
  }

  /**
   * Creates a policy with default parameters.
   *
   * @param name the policy's name
   * @return a new policy
   * @throws UnknownPolicyException if no provider has that name
   */
  public static RoutingPolicy create(String name) {
    return create(name, Map.of());
  }

  /**
   * Creates a policy.
   *
   * @param name the policy's name
   * @param parameters parameter values as text, by name; unset ones take their defaults
   * @return a new policy
   * @throws UnknownPolicyException if no provider has that name
   * @throws IllegalArgumentException if a parameter is unknown or does not parse
   */
  public static RoutingPolicy create(String name, Map<String, String> parameters) {
    RoutingPolicyProvider provider = provider(name);
    return provider.create(PolicyParameters.of(provider.parameters(), parameters));
  }
}
