package dev.gorgo.api;

import java.util.Objects;

/**
 * Declares one typed parameter of a policy. Immutable.
 *
 * @param name the parameter's name, for example {@code "t_p"}
 * @param type its type
 * @param defaultValue its default, in the same text form a user would write
 * @param description what it means, with its unit
 */
public record PolicyParameter(String name, Type type, String defaultValue, String description) {

  /** The types a parameter can have. */
  public enum Type {
    /** A finite decimal number. */
    DOUBLE,
    /** A 32-bit integer. */
    INT,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** Free text. */
    STRING
  }

  /**
   * Validates the declaration, including that the default parses as the type.
   *
   * @throws IllegalArgumentException if the default does not parse
   */
  public PolicyParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(description, "description");
    parse(name, type, defaultValue);
  }

  /**
   * Declares a decimal parameter.
   *
   * @param name name
   * @param defaultValue default
   * @param description meaning and unit
   * @return the declaration
   */
  public static PolicyParameter ofDouble(String name, double defaultValue, String description) {
    return new PolicyParameter(name, Type.DOUBLE, Double.toString(defaultValue), description);
  }

  /**
   * Declares an integer parameter.
   *
   * @param name name
   * @param defaultValue default
   * @param description meaning and unit
   * @return the declaration
   */
  public static PolicyParameter ofInt(String name, int defaultValue, String description) {
    return new PolicyParameter(name, Type.INT, Integer.toString(defaultValue), description);
  }

  /**
   * Declares a boolean parameter.
   *
   * @param name name
   * @param defaultValue default
   * @param description meaning
   * @return the declaration
   */
  public static PolicyParameter ofBoolean(String name, boolean defaultValue, String description) {
    return new PolicyParameter(name, Type.BOOLEAN, Boolean.toString(defaultValue), description);
  }

  /**
   * Parses a value of this parameter's type.
   *
   * @param text the value as written
   * @return a {@link Double}, {@link Integer}, {@link Boolean} or {@link String}
   * @throws IllegalArgumentException with a message naming the parameter if it does not parse
   */
  public Object parse(String text) {
    return parse(name, type, text);
  }

  private static Object parse(String name, Type type, String text) {
    Objects.requireNonNull(text, "text");
    String t = text.trim();
    try {
      switch (type) {
        case DOUBLE:
          double d = Double.parseDouble(t);
          if (!Double.isFinite(d)) {
            throw new NumberFormatException("not finite");
          }
          return d;
        case INT:
          return Integer.parseInt(t);
        case BOOLEAN:
          if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(t);
          }
          throw new IllegalArgumentException("not true or false");
        case STRING:
        default:
          return text;
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "parameter '" + name + "' must be " + type.name().toLowerCase() + ", got '" + text + "'",
          e);
    }
  }
}
