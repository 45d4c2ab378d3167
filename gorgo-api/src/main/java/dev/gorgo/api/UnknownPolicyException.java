package dev.gorgo.api;

import java.util.List;

/** Thrown when a policy name is not registered. The message lists the names that are. */
public final class UnknownPolicyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The registered names, sorted (not serialized: the message carries them). */
  private final transient List<String> knownNames;

  /**
   * Creates the exception.
   *
   * @param name the name asked for
   * @param knownNames the registered names
   */
  public UnknownPolicyException(String name, List<String> knownNames) {
    super(
        "unknown routing policy '"
            + name
            + "'; known policies: "
            + (knownNames.isEmpty() ? "(none registered)" : String.join(", ", knownNames)));
    this.knownNames = List.copyOf(knownNames);
  }

  /**
   * Returns the registered names.
   *
   * @return sorted names
   */
  public List<String> knownNames() {
    return knownNames;
  }
}
