package dev.gorgo.lambda.cluster;

import dev.gorgo.lambda.FirewallRule;
import dev.gorgo.lambda.Instance;
import dev.gorgo.lambda.InstanceStatus;
import dev.gorgo.lambda.InstanceTypeAvailability;
import dev.gorgo.lambda.LambdaClient;
import dev.gorgo.lambda.LambdaException;
import dev.gorgo.lambda.LaunchRequest;
import dev.gorgo.lambda.Region;
import dev.gorgo.lambda.SshKey;
import dev.gorgo.lambda.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The API side of {@code cluster up}: the SSH key, region choice and launches, waiting for {@code
 * active}, and the firewall. Every step is skipped when its result is already recorded in the state
 * or present in the account, so {@code up} can be rerun after an interruption.
 */
final class Provisioner {
  static final String DRY = "[dry-run] ";

  private final ClusterStore store;
  private final ClusterManager.Options options;

  Provisioner(ClusterStore store, ClusterManager.Options options) {
    this.store = store;
    this.options = options;
  }

  Path ensureKey(LambdaClient client, ClusterSpec spec) throws IOException {
    Path keyFile = store.keyFile(spec.sshKeyName());
    boolean registered =
        client.listSshKeys().stream().map(SshKey::name).anyMatch(spec.sshKeyName()::equals);
    if (registered) {
      if (!Files.exists(keyFile) && !options.dryRun()) {
        throw new ClusterException(
            "SSH key '"
                + spec.sshKeyName()
                + "' exists in the account but its private key is not at "
                + keyFile
                + "; copy it there or choose another key name");
      }
      return keyFile;
    }
    if (options.dryRun()) {
      out(DRY + "api POST /api/v1/ssh-keys {\"name\":\"" + spec.sshKeyName() + "\"}");
      out(DRY + "save the generated private key to " + keyFile + " (0600)");
    } else {
      client.generateSshKey(spec.sshKeyName(), keyFile);
      out("generated SSH key " + spec.sshKeyName() + " (private key " + keyFile + ")");
    }
    return keyFile;
  }

  ClusterState launchMissing(LambdaClient client, ClusterState state) throws IOException {
    ClusterSpec spec = state.spec();
    int missing = spec.regions() - state.nodes().size();
    if (missing <= 0) {
      return state;
    }
    InstanceTypeAvailability type = client.instanceTypes().get(spec.instanceType());
    if (type == null) {
      throw new ClusterException("unknown instance type '" + spec.instanceType() + "'");
    }
    Set<String> used = state.nodes().stream().map(ClusterState.Node::region).collect(toSet());
    List<String> candidates = candidates(spec, type, used);
    for (String region : candidates) {
      if (missing == 0) {
        break;
      }
      String name = spec.name() + "-" + region;
      LaunchRequest req =
          LaunchRequest.of(region, spec.instanceType(), spec.sshKeyName())
              .withName(name)
              .withTags(List.of(new Instance.Tag("gorgo-cluster", spec.name())));
      if (options.dryRun()) {
        out(DRY + "api POST /api/v1/instance-operations/launch " + json(req));
        state = state.withNode(new ClusterState.Node("<" + name + ">", name, region, null, 22));
        missing--;
        continue;
      }
      try {
        String id = client.launch(req).get(0);
        out("launched " + name + " (" + id + ") in " + region);
        state = state.withNode(new ClusterState.Node(id, name, region, null, 22));
        save(state);
        missing--;
      } catch (LambdaException.InsufficientCapacity e) {
        out(
            "no capacity for "
                + spec.instanceType()
                + " in "
                + region
                + "; trying the next region");
      }
    }
    if (missing > 0) {
      throw new ClusterException(
          "not enough capacity: "
              + missing
              + " more region(s) needed for "
              + spec.instanceType()
              + "; regions with capacity now: "
              + type.regionsWithCapacityAvailable().stream()
                  .map(Region::name)
                  .collect(Collectors.joining(", ")));
    }
    return state;
  }

  private static List<String> candidates(
      ClusterSpec spec, InstanceTypeAvailability type, Set<String> used) {
    Set<String> ordered = new LinkedHashSet<>();
    for (String r : spec.preferredRegions()) {
      if (type.hasCapacityIn(r)) {
        ordered.add(r);
      }
    }
    type.regionsWithCapacityAvailable().forEach(r -> ordered.add(r.name()));
    ordered.removeAll(used);
    return List.copyOf(ordered);
  }

  ClusterState waitActive(LambdaClient client, ClusterState state) throws IOException {
    if (options.dryRun()) {
      for (ClusterState.Node n : state.nodes()) {
        if (n.ip() == null) {
          out(DRY + "poll GET /api/v1/instances/" + n.instanceId() + " until active");
        }
      }
      return state.withNodes(
          state.nodes().stream()
              .map(n -> n.ip() == null ? n.withIp("<ip of " + n.name() + ">") : n)
              .toList());
    }
    long deadline = options.time().nanoTime() + options.activeTimeout().toNanos();
    for (ClusterState.Node n : state.nodes()) {
      while (true) {
        Instance i = client.getInstance(n.instanceId());
        if (i.status() == InstanceStatus.ACTIVE && i.ip() != null) {
          if (!i.ip().equals(n.ip())) {
            state = state.withNode(n.withIp(i.ip()));
            save(state);
          }
          out(n.name() + " is active at " + i.ip());
          break;
        }
        if (i.status().isFinal() || i.status() == InstanceStatus.UNHEALTHY) {
          throw new ClusterException(
              n.name() + " (" + n.instanceId() + ") is " + i.status().wireName() + ", not active");
        }
        if (options.time().nanoTime() > deadline) {
          throw new ClusterException(
              n.name() + " still " + i.status().wireName() + " after " + options.activeTimeout());
        }
        pause(options.pollInterval().toNanos());
      }
    }
    return state;
  }

  ClusterState openFirewall(LambdaClient client, ClusterState state) throws IOException {
    ClusterSpec spec = state.spec();
    String tag = "gorgo " + spec.name() + ": ";
    List<FirewallRule> wanted = new ArrayList<>();
    wanted.add(FirewallRule.tcp(22, spec.clientCidr(), tag + "ssh"));
    wanted.add(FirewallRule.tcp(spec.proxyPort(), spec.clientCidr(), tag + "proxy"));
    for (ClusterState.Node n : state.nodes()) {
      wanted.add(
          FirewallRule.tcp(spec.sglangPort(), n.ip() + "/32", tag + "sglang from " + n.name()));
      if ("us-south-1".equals(n.region())) {
        out("warning: the Lambda firewall does not apply in us-south-1 (" + n.name() + ")");
      }
    }
    List<FirewallRule> current = client.globalFirewallRuleset().rules();
    List<FirewallRule> added = new ArrayList<>();
    for (FirewallRule w : wanted) {
      // Every wanted rule comes from FirewallRule.tcp, which always sets a port range.
      int port = Objects.requireNonNull(w.portRange()).get(0);
      if (current.stream().noneMatch(r -> r.admitsTcp(port, w.sourceNetwork()))) {
        added.add(w);
      }
    }
    if (added.isEmpty()) {
      out("firewall already allows ports 22, " + spec.proxyPort() + ", " + spec.sglangPort());
      return state;
    }
    List<FirewallRule> all = new ArrayList<>(current);
    all.addAll(added);
    if (options.dryRun()) {
      out(DRY + "api PATCH /api/v1/firewall-rulesets/global " + json(Map.of("rules", all)));
      return state;
    }
    client.updateGlobalFirewallRuleset(all);
    List<FirewallRule> recorded = new ArrayList<>(state.firewallRules());
    recorded.addAll(added);
    state = state.withFirewallRules(recorded);
    save(state);
    out("opened " + added.size() + " firewall rule(s)");
    return state;
  }

  void save(ClusterState state) throws IOException {
    if (!options.dryRun()) {
      store.save(state);
    }
  }

  private void out(String line) {
    options.out().accept(line);
  }

  private void pause(long nanos) {
    try {
      options.time().sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while waiting", e);
    }
  }

  static String json(Object o) {
    try {
      return Json.MAPPER.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> java.util.stream.Collector<T, ?, Set<T>> toSet() {
    return Collectors.toCollection(LinkedHashSet::new);
  }
}
