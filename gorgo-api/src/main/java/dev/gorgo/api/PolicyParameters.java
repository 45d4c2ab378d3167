package dev.gorgo.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Validated, typed parameter values for one policy instance: what the user set, with every other
 * declared parameter at its default. Immutable and thread-safe.
 */
public final class PolicyParameters {
  private final Map<String, PolicyParameter> declared;
  private final Map<String, Object> values;

  private PolicyParameters(Map<String, PolicyParameter> declared, Map<String, Object> values) {
    this.declared = declared;
    this.values = values;
  }

  /**
   * Validates user-supplied values against a policy's declarations.
   *
   * @param declarations what the policy accepts
   * @param given what the user set, by name, as text; may be empty
   * @return the typed values
   * @throws IllegalArgumentException naming the parameter, if a name is unknown (the message lists
   *     the accepted names) or a value does not parse
   */
  public static PolicyParameters of(List<PolicyParameter> declarations, Map<String, String> given) {
    Objects.requireNonNull(declarations, "declarations");
    Objects.requireNonNull(given, "given");
    Map<String, PolicyParameter> declared = new LinkedHashMap<>();
    for (PolicyParameter p : declarations) {
      declared.put(p.name(), p);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (PolicyParameter p : declarations) {
      values.put(p.name(), p.parse(p.defaultValue()));
    }
    for (Map.Entry<String, String> e : given.entrySet()) {
      PolicyParameter p = declared.get(e.getKey());
      if (p == null) {
        String known =
            declared.isEmpty()
                ? "this policy takes no parameters"
                : "known: " + String.join(", ", declared.keySet());
        throw new IllegalArgumentException(
            "unknown parameter '" + e.getKey() + "' (" + known + ")");
      }
      values.put(p.name(), p.parse(e.getValue()));
    }
    return new PolicyParameters(
        Collections.unmodifiableMap(declared), Collections.unmodifiableMap(values));
  }

  /**
   * Returns a decimal parameter.
   *
   * @param name declared name
   * @return its value
   * @throws IllegalArgumentException if not declared as {@link PolicyParameter.Type#DOUBLE}
   */
  public double getDouble(String name) {
    return (Double) typed(name, PolicyParameter.Type.DOUBLE);
  }

  /**
   * Returns an integer parameter.
   *
   * @param name declared name
   * @return its value
   * @throws IllegalArgumentException if not declared as {@link PolicyParameter.Type#INT}
   */
  public int getInt(String name) {
    return (Integer) typed(name, PolicyParameter.Type.INT);
  }

  /**
   * Returns a boolean parameter.
   *
   * @param name declared name
   * @return its value
   * @throws IllegalArgumentException if not declared as {@link PolicyParameter.Type#BOOLEAN}
   */
  public boolean getBoolean(String name) {
    return (Boolean) typed(name, PolicyParameter.Type.BOOLEAN);
  }

  /**
   * Returns a text parameter.
   *
   * @param name declared name
   * @return its value
   * @throws IllegalArgumentException if not declared as {@link PolicyParameter.Type#STRING}
   */
  public String getString(String name) {
    return (String) typed(name, PolicyParameter.Type.STRING);
  }

  /**
   * Returns all values as text, in declaration order, for display.
   *
   * @return name to value
   */
  public Map<String, String> asText() {
    return values.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> String.valueOf(e.getValue()),
                (a, b) -> a,
                LinkedHashMap::new));
  }

  private Object typed(String name, PolicyParameter.Type type) {
    PolicyParameter p = declared.get(name);
    if (p == null || p.type() != type) {
      throw new IllegalArgumentException(
          "no " + type.name().toLowerCase() + " parameter '" + name + "' declared");
    }
    return Objects.requireNonNull(values.get(name), name);
  }

  @Override
  public String toString() {
    return asText().toString();
  }
}
