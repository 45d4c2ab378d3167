package dev.gorgo.lambda.cluster;

import dev.gorgo.lambda.FirewallRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What exists for a cluster: its spec, its nodes and the firewall rules this tool added (so {@code
 * down} removes exactly those). Stored as JSON by {@link ClusterStore}.
 *
 * <p>Immutable and thread-safe; changes produce copies.
 *
 * @param spec the cluster spec; never null
 * @param privateKeyPath the private key for SSH, as a path string; never null
 * @param nodes the nodes in launch order; never null
 * @param firewallRules rules added to the global ruleset for this cluster; never null
 */
public record ClusterState(
    ClusterSpec spec, String privateKeyPath, List<Node> nodes, List<FirewallRule> firewallRules) {

  /** Normalises missing lists. */
  public ClusterState {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(privateKeyPath, "privateKeyPath");
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    firewallRules = firewallRules == null ? List.of() : List.copyOf(firewallRules);
  }

  /**
   * A copy with a node added or replaced (matched by instance ID).
   *
   * @param node the node
   * @return the copy
   */
  public ClusterState withNode(Node node) {
    List<Node> copy = new ArrayList<>(nodes);
    copy.removeIf(n -> n.instanceId().equals(node.instanceId()));
    int at = 0;
    while (at < nodes.size() && !nodes.get(at).instanceId().equals(node.instanceId())) {
      at++;
    }
    copy.add(Math.min(at, copy.size()), node);
    return new ClusterState(spec, privateKeyPath, copy, firewallRules);
  }

  /**
   * A copy with other nodes.
   *
   * @param newNodes the nodes
   * @return the copy
   */
  public ClusterState withNodes(List<Node> newNodes) {
    return new ClusterState(spec, privateKeyPath, newNodes, firewallRules);
  }

  /**
   * A copy with another spec.
   *
   * @param newSpec the spec
   * @return the copy
   */
  public ClusterState withSpec(ClusterSpec newSpec) {
    return new ClusterState(newSpec, privateKeyPath, nodes, firewallRules);
  }

  /**
   * A copy with other recorded firewall rules.
   *
   * @param rules the rules this tool added
   * @return the copy
   */
  public ClusterState withFirewallRules(List<FirewallRule> rules) {
    return new ClusterState(spec, privateKeyPath, nodes, rules);
  }

  /**
   * One instance of the cluster.
   *
   * @param instanceId the Lambda instance ID
   * @param name the instance name
   * @param region the region code
   * @param ip the public IP; null until the instance is active
   * @param sshPort the SSH port (22 on Lambda)
   */
  public record Node(
      String instanceId, String name, String region, @Nullable String ip, int sshPort) {

    /** Checks the required fields. */
    public Node {
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(name, "name");
      sshPort = sshPort == 0 ? 22 : sshPort;
    }

    /**
     * A copy with the public IP set.
     *
     * @param newIp the IP
     * @return the copy
     */
    public Node withIp(String newIp) {
      return new Node(instanceId, name, region, newIp, sshPort);
    }
  }
}
