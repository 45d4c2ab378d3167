package dev.gorgo.lambda.cluster;

import java.util.List;
import java.util.Objects;

/**
 * What a cluster should look like: where and what to launch, and how to run SGLang and the proxy on
 * each node. Persisted with the {@link ClusterState}, so later commands ({@code setup}, {@code
 * restart-proxy}) reuse it.
 *
 * <p>Immutable and thread-safe. Use {@link #defaults(String, String, int)} and the {@code with...}
 * methods.
 *
 * @param name the cluster name; names the state file, the instances ({@code <name>-<region>}) and
 *     the firewall rules; {@code ^[a-z][a-z0-9-]{0,39}$}
 * @param instanceType the instance type to launch, for example {@code gpu_1x_a10}
 * @param regions how many regions (one node per region)
 * @param preferredRegions regions to try first, in order; may be empty
 * @param sshKeyName the Lambda SSH key name installed on the nodes
 * @param sshUser the login user on the nodes ({@code ubuntu} on Lambda images)
 * @param model the model SGLang serves (a Hugging Face repository id)
 * @param maxRunningRequests SGLang's {@code --max-running-requests}
 * @param tensorParallel SGLang's {@code --tp} (GPUs per replica)
 * @param sglangImage the SGLang Docker image (pin a version tag in production)
 * @param sglangPort the SGLang port on each node
 * @param proxyPort the proxy port on each node
 * @param policy the routing policy the proxy starts with, for example {@code gorgo}
 * @param clientCidr who may reach the proxy port and SSH, as an IPv4 CIDR
 */
public record ClusterSpec(
    String name,
    String instanceType,
    int regions,
    List<String> preferredRegions,
    String sshKeyName,
    String sshUser,
    String model,
    int maxRunningRequests,
    int tensorParallel,
    String sglangImage,
    int sglangPort,
    int proxyPort,
    String policy,
    String clientCidr) {

  /** The default model, as in the original system's README and paper. */
  public static final String DEFAULT_MODEL = "mistralai/Mistral-7B-Instruct-v0.3";

  /** Validates every field. */
  public ClusterSpec {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z][a-z0-9-]{0,39}")) {
      throw new IllegalArgumentException(
          "cluster name must match [a-z][a-z0-9-]{0,39}, got '" + name + "'");
    }
    Objects.requireNonNull(instanceType, "instanceType");
    if (regions < 1 || regions > 17) {
      throw new IllegalArgumentException("regions must be between 1 and 17, got " + regions);
    }
    preferredRegions = preferredRegions == null ? List.of() : List.copyOf(preferredRegions);
    Objects.requireNonNull(sshKeyName, "sshKeyName");
    Objects.requireNonNull(sshUser, "sshUser");
    Objects.requireNonNull(model, "model");
    if (maxRunningRequests < 1) {
      throw new IllegalArgumentException("maxRunningRequests must be positive");
    }
    if (tensorParallel < 1) {
      throw new IllegalArgumentException("tensorParallel must be positive");
    }
    Objects.requireNonNull(sglangImage, "sglangImage");
    checkPort(sglangPort, "sglangPort");
    checkPort(proxyPort, "proxyPort");
    if (sglangPort == proxyPort) {
      throw new IllegalArgumentException("sglangPort and proxyPort must differ");
    }
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(clientCidr, "clientCidr");
    if (!clientCidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
      throw new IllegalArgumentException(
          "clientCidr must be an IPv4 CIDR, got '" + clientCidr + "'");
    }
  }

  private static void checkPort(int port, String what) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " must be within 1..65535, got " + port);
    }
  }

  /**
   * A spec with the original system's defaults: SGLang on 8080 with metrics and at most 10 running
   * requests, the proxy on 8000 with the {@code gorgo} policy, key {@code gorgo-<name>}.
   *
   * @param name the cluster name
   * @param instanceType the instance type
   * @param regions how many regions
   * @return the spec
   */
  public static ClusterSpec defaults(String name, String instanceType, int regions) {
    return new ClusterSpec(
        name,
        instanceType,
        regions,
        List.of(),
        "gorgo-" + name,
        "ubuntu",
        DEFAULT_MODEL,
        10,
        1,
        "lmsysorg/sglang:latest",
        8080,
        8000,
        "gorgo",
        "0.0.0.0/0");
  }

  /**
   * A copy with another routing policy.
   *
   * @param newPolicy the policy name
   * @return the copy
   */
  public ClusterSpec withPolicy(String newPolicy) {
    return new ClusterSpec(
        name,
        instanceType,
        regions,
        preferredRegions,
        sshKeyName,
        sshUser,
        model,
        maxRunningRequests,
        tensorParallel,
        sglangImage,
        sglangPort,
        proxyPort,
        newPolicy,
        clientCidr);
  }

  /**
   * A copy with another model and SGLang settings.
   *
   * @param newModel the model id
   * @param maxRunning {@code --max-running-requests}
   * @param tp {@code --tp}
   * @param image the SGLang image
   * @return the copy
   */
  public ClusterSpec withSglang(String newModel, int maxRunning, int tp, String image) {
    return new ClusterSpec(
        name,
        instanceType,
        regions,
        preferredRegions,
        sshKeyName,
        sshUser,
        newModel,
        maxRunning,
        tp,
        image,
        sglangPort,
        proxyPort,
        policy,
        clientCidr);
  }

  /**
   * A copy with preferred regions, SSH key name and client CIDR.
   *
   * @param preferred regions to try first
   * @param keyName the SSH key name
   * @param cidr who may reach the proxy and SSH
   * @return the copy
   */
  public ClusterSpec withPlacement(List<String> preferred, String keyName, String cidr) {
    return new ClusterSpec(
        name,
        instanceType,
        regions,
        preferred,
        keyName,
        sshUser,
        model,
        maxRunningRequests,
        tensorParallel,
        sglangImage,
        sglangPort,
        proxyPort,
        policy,
        cidr);
  }
}
