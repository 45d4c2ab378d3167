package dev.gorgo.lambda;

import java.util.List;

/**
 * A regional firewall ruleset ({@code FirewallRuleset}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the ruleset ID
 * @param name the name
 * @param region the region it applies to
 * @param rules the rules; never null
 * @param created creation time, ISO 8601
 * @param instanceIds instances using it; never null
 */
public record FirewallRuleset(
    String id,
    String name,
    Region region,
    List<FirewallRule> rules,
    String created,
    List<String> instanceIds) {

  /** Normalises missing lists to empty ones. */
  public FirewallRuleset {
    rules = rules == null ? List.of() : List.copyOf(rules);
    instanceIds = instanceIds == null ? List.of() : List.copyOf(instanceIds);
  }
}
