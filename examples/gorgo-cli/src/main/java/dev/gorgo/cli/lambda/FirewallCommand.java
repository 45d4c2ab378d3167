package dev.gorgo.cli.lambda;

import dev.gorgo.cli.lambda.CliSupport.ApiOptions;
import dev.gorgo.cli.lambda.CliSupport.Leaf;
import dev.gorgo.cli.lambda.CliSupport.Table;
import dev.gorgo.lambda.FirewallRule;
import dev.gorgo.lambda.FirewallRuleset;
import dev.gorgo.lambda.LambdaClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
final class FirewallCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return CliSupport.USAGE;
  }

  static void print(Leaf leaf, List<FirewallRule> rules) {
    Table t = new Table("PROTOCOL", "PORTS", "SOURCE", "DESCRIPTION");
    for (FirewallRule r : rules) {
      String ports =
          r.portRange() == null
              ? "-"
              : r.portRange().get(0).equals(r.portRange().get(1))
                  ? String.valueOf(r.portRange().get(0))
                  : r.portRange().get(0) + "-" + r.portRange().get(1);
      t.row(
          r.protocol().name().toLowerCase(Locale.ROOT), ports, r.sourceNetwork(), r.description());
    }
    t.print(leaf.out());
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
  static final class ListRules extends Leaf {
    @Mixin ApiOptions api;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    int run() throws Exception {
      try (LambdaClient c = api.client()) {
        List<FirewallRule> rules = c.globalFirewallRuleset().rules();
        if (json) {
          json(rules);
        } else {
          print(this, rules);
        }
      }
      return CliSupport.OK;
    }
  }

  @Command(
      name = "allow",
      mixinStandardHelpOptions = true,
      description = "Add a rule to the global ruleset (nothing changes if it is already there).")
  static final class Allow extends Leaf {
    @Mixin ApiOptions api;
    @Mixin RuleOptions rule;

    @Option(names = "--description", defaultValue = "gorgo", description = "Rule description.")
    String description;

    @Override
    int run() throws Exception {
      FirewallRule r = rule.rule(description);
      try (LambdaClient c = api.client()) {
        List<FirewallRule> rules = new ArrayList<>(c.globalFirewallRuleset().rules());
        boolean present =
            rules.stream()
                .anyMatch(
                    x ->
                        x.protocol() == r.protocol()
                            && r.portRange().equals(x.portRange())
                            && x.sourceNetwork().equals(r.sourceNetwork()));
        if (present) {
          out().println("already allowed");
          return CliSupport.OK;
        }
        rules.add(r);
        print(this, c.updateGlobalFirewallRuleset(rules).rules());
      }
      return CliSupport.OK;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Remove the global rules matching port, protocol and source.")
  static final class Revoke extends Leaf {
    @Mixin ApiOptions api;
    @Mixin RuleOptions rule;

    @Override
    int run() throws Exception {
      FirewallRule r = rule.rule("");
      try (LambdaClient c = api.client()) {
        List<FirewallRule> rules = new ArrayList<>(c.globalFirewallRuleset().rules());
        boolean removed =
            rules.removeIf(
                x ->
                    x.protocol() == r.protocol()
                        && r.portRange().equals(x.portRange())
                        && x.sourceNetwork().equals(r.sourceNetwork()));
        if (!removed) {
          out().println("no matching rule");
          return CliSupport.OK;
        }
        print(this, c.updateGlobalFirewallRuleset(rules).rules());
      }
      return CliSupport.OK;
    }
  }

  @Command(
      name = "rulesets",
      mixinStandardHelpOptions = true,
      description = "List regional rulesets.")
  static final class Rulesets extends Leaf {
    @Mixin ApiOptions api;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    int run() throws Exception {
      try (LambdaClient c = api.client()) {
        List<FirewallRuleset> sets = c.listFirewallRulesets();
        if (json) {
          json(sets);
          return CliSupport.OK;
        }
        Table t = new Table("ID", "NAME", "REGION", "RULES", "INSTANCES");
        for (FirewallRuleset s : sets) {
          t.row(
              s.id(),
              s.name(),
              s.region() == null ? null : s.region().name(),
              s.rules().size(),
              s.instanceIds().size());
        }
        t.print(out());
      }
      return CliSupport.OK;
    }
  }
}
