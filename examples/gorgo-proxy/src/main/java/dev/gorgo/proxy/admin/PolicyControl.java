package dev.gorgo.proxy.admin;

import dev.gorgo.api.Policies;
import dev.gorgo.api.PolicyParameter;
import dev.gorgo.api.RoutingPolicyProvider;
import dev.gorgo.router.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The router's current policy by name and parameters, switchable and tunable at runtime. A switch
 * or a tune builds a fresh policy instance through {@link Policies} (so parameters are typed and
 * validated by the policy's own declaration) and installs it with {@link Router#setPolicy}; the
 * prefix index is kept. Unknown names and parameters fail with the list of known ones, and leave
 * the current policy in place (the original silently fell back to gorgo). Thread-safe.
 */
public final class PolicyControl {
  private static final Map<String, String> ALIASES =
      Map.of("ms_per_token", "t_p", "running_cost_factor", "q_hat");

  private final Router router;
  private volatile String name;
  private Map<String, String> parameters;

  /** Creates the control for a router already running {@code name} with {@code parameters}. */
  public PolicyControl(Router router, String name, Map<String, String> parameters) {
    this.router = router;
    this.name = name;
    this.parameters = new LinkedHashMap<>(parameters);
  }

  /** The current policy name (a volatile read; called per request for metric labels). */
  public String name() {
    return name;
  }

  /** Current name, effective parameters (defaults filled in), and every known policy. */
  public synchronized Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("current", name);
    out.put("parameters", effective(name, parameters));
    out.put("available", Policies.names());
    return out;
  }

  /**
   * Switches to another policy.
   *
   * @throws IllegalArgumentException (or {@link dev.gorgo.api.UnknownPolicyException}) when the
   *     name or a parameter is unknown or invalid; the current policy stays
   */
  public synchronized Map<String, Object> switchTo(String newName, Map<String, String> params) {
    router.setPolicy(Policies.create(newName, params));
    String old = name;
    name = newName;
    parameters = new LinkedHashMap<>(params);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("old_policy", old);
    out.put("new_policy", newName);
    out.put("parameters", effective(newName, parameters));
    return out;
  }

  /**
   * Changes some parameters of the current policy; the original's names {@code ms_per_token} and
   * {@code running_cost_factor} map to {@code t_p} and {@code q_hat}, and a value of 0 for those
   * two means "unchanged" as in the original.
   *
   * @throws IllegalArgumentException for parameters the policy does not declare or bad values
   */
  public synchronized Map<String, Object> tune(Map<String, String> changes) {
    Map<String, String> next = new LinkedHashMap<>(parameters);
    for (Map.Entry<String, String> e : changes.entrySet()) {
      String key = ALIASES.getOrDefault(e.getKey(), e.getKey());
      if (ALIASES.containsKey(e.getKey()) && isZero(e.getValue())) {
        continue;
      }
      next.put(key, e.getValue());
    }
    router.setPolicy(Policies.create(name, next));
    parameters = next;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("policy", name);
    out.put("parameters", effective(name, parameters));
    return out;
  }

  private static boolean isZero(String v) {
    try {
      return Double.parseDouble(v) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Map<String, String> effective(String name, Map<String, String> given) {
    RoutingPolicyProvider p = Policies.provider(name);
    Map<String, String> out = new LinkedHashMap<>();
    List<PolicyParameter> declared = p.parameters();
    for (PolicyParameter d : declared) {
      out.put(d.name(), given.getOrDefault(d.name(), d.defaultValue()));
    }
    return out;
  }
}
