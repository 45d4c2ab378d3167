package dev.gorgo.proxy.config;

import java.util.List;

/**
 * The configuration is invalid. The message lists every problem, one per line, each starting with
 * the key it concerns (e.g. {@code backends[1].url: ...}); {@link #problems()} gives them one by
 * one. Messages never contain secret values.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  /** Creates an exception for one or more problems. */
  public ConfigException(List<String> problems) {
    super(
        problems.size() == 1
            ? "invalid configuration: " + problems.get(0)
            : "invalid configuration:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Creates an exception for one problem. */
  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** The problems, each prefixed with the key it concerns. */
  public List<String> problems() {
    return problems;
  }
}
