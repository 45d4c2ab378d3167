package dev.gorgo.cli.lambda;

import dev.gorgo.cli.lambda.CliSupport.ApiLeaf;
import dev.gorgo.cli.lambda.CliSupport.Group;
import dev.gorgo.cli.lambda.CliSupport.Leaf;
import dev.gorgo.lambda.FirewallRule;
import dev.gorgo.lambda.LambdaClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gorgo lambda firewall list|allow|revoke|rulesets}. */
@Command(
    name = "firewall",
    mixinStandardHelpOptions = true,
    description =
        "Show or change the inbound firewall. The global ruleset applies to every instance (not in"
            + " us-south-1).",
    subcommands = {
      FirewallCommand.ListRules.class,
      FirewallCommand.Allow.class,
      FirewallCommand.Revoke.class,
      FirewallCommand.Rulesets.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  gorgo lambda firewall list",
      "  gorgo lambda firewall allow --port 8000 --source 203.0.113.0/24 --description proxy",
      "  gorgo lambda firewall revoke --port 8000 --source 203.0.113.0/24"
    })
final class FirewallCommand extends Group {
  static void printRules(Leaf leaf, List<FirewallRule> rules, boolean json) {
    leaf.print(
        rules,
        json,
        r -> {
          String ports =
              r.portRange() == null
                  ? "-"
                  : r.portRange().get(0).equals(r.portRange().get(1))
                      ? String.valueOf(r.portRange().get(0))
                      : r.portRange().get(0) + "-" + r.portRange().get(1);
          return new Object[] {
            r.protocol().name().toLowerCase(Locale.ROOT), ports, r.sourceNetwork(), r.description()
          };
        },
        "PROTOCOL",
        "PORTS",
        "SOURCE",
        "DESCRIPTION");
  }

  /** Whether two rules open the same protocol and ports to the same source (descriptions aside). */
  static boolean sameOpening(FirewallRule a, FirewallRule b) {
    return a.protocol() == b.protocol()
        && b.portRange().equals(a.portRange())
        && a.sourceNetwork().equals(b.sourceNetwork());
  }

  /** Port, source and protocol of a rule given on the command line. */
  static final class RuleOptions {
    @Option(
        names = "--port",
        required = true,
        paramLabel = "PORT[-PORT]",
        description = "Port or range.")
    String port;

    @Option(
        names = "--source",
        defaultValue = "0.0.0.0/0",
        description = "Source CIDR (default ${DEFAULT-VALUE}).")
    String source;

    @Option(
        names = "--protocol",
        defaultValue = "tcp",
        description = "tcp or udp (default ${DEFAULT-VALUE}).")
    String protocol;

    FirewallRule rule(String description) {
      String[] p = port.split("-", 2);
      int lo;
      int hi;
      try {
        lo = Integer.parseInt(p[0].strip());
        hi = p.length == 2 ? Integer.parseInt(p[1].strip()) : lo;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--port must be a number or a range like 8000-8010, got '" + port + "'");
      }
      FirewallRule.Protocol proto =
          switch (protocol.toLowerCase(Locale.ROOT)) {
            case "tcp" -> FirewallRule.Protocol.TCP;
            case "udp" -> FirewallRule.Protocol.UDP;
            default ->
                throw new IllegalArgumentException(
                    "--protocol must be tcp or udp, got '" + protocol + "'");
          };
      return new FirewallRule(proto, List.of(lo, hi), source, description);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the global rules.")
  static final class ListRules extends ApiLeaf {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    void run(LambdaClient c) throws Exception {
      printRules(this, c.globalFirewallRuleset().rules(), json);
    }
  }

  @Command(
      name = "allow",
      mixinStandardHelpOptions = true,
      description = "Add a rule to the global ruleset (nothing changes if it is already there).")
  static final class Allow extends ApiLeaf {
    @Mixin RuleOptions rule;

    @Option(names = "--description", defaultValue = "gorgo", description = "Rule description.")
    String description;

    /** Built by {@link #check()}, so a bad --port or --protocol fails before the key is read. */
    private FirewallRule r;

    @Override
    void check() {
      r = rule.rule(description);
    }

    @Override
    void run(LambdaClient c) throws Exception {
      List<FirewallRule> rules = new ArrayList<>(c.globalFirewallRuleset().rules());
      if (rules.stream().anyMatch(x -> sameOpening(x, r))) {
        out().println("already allowed");
        return;
      }
      rules.add(r);
      printRules(this, c.updateGlobalFirewallRuleset(rules).rules(), false);
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Remove the global rules matching port, protocol and source.")
  static final class Revoke extends ApiLeaf {
    @Mixin RuleOptions rule;

    /** Built by {@link #check()}, so a bad --port or --protocol fails before the key is read. */
    private FirewallRule r;

    @Override
    void check() {
      r = rule.rule("");
    }

    @Override
    void run(LambdaClient c) throws Exception {
      List<FirewallRule> rules = new ArrayList<>(c.globalFirewallRuleset().rules());
      if (!rules.removeIf(x -> sameOpening(x, r))) {
        out().println("no matching rule");
        return;
      }
      printRules(this, c.updateGlobalFirewallRuleset(rules).rules(), false);
    }
  }

  @Command(
      name = "rulesets",
      mixinStandardHelpOptions = true,
      description = "List regional rulesets.")
  static final class Rulesets extends ApiLeaf {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    void run(LambdaClient c) throws Exception {
      print(
          c.listFirewallRulesets(),
          json,
          s ->
              new Object[] {
                s.id(),
                s.name(),
                s.region() == null ? null : s.region().name(),
                s.rules().size(),
                s.instanceIds().size()
              },
          "ID",
          "NAME",
          "REGION",
          "RULES",
          "INSTANCES");
    }
  }
}
