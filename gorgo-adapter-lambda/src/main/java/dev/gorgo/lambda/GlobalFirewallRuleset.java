package dev.gorgo.lambda;

import java.util.List;

/**
 * The account-wide ruleset applied to every instance ({@code GlobalFirewallRuleset}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id always {@code global}
 * @param name always {@code Global Firewall Rules}
 * @param rules the rules; never null
 */
public record GlobalFirewallRuleset(String id, String name, List<FirewallRule> rules) {

  /** Normalises a missing list to an empty one. */
  public GlobalFirewallRuleset {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
