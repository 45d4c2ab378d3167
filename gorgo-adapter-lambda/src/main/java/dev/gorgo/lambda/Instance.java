package dev.gorgo.lambda;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A launched instance ({@code Instance} in the API spec).
 *
 * <p>Immutable and thread-safe. {@link #toString()} never prints the Jupyter token.
 *
 * @param id the instance ID; never null
 * @param name the user-given name; may be null
 * @param ip the public IPv4 address; null while booting
 * @param privateIp the private IPv4 address; may be null
 * @param status the life-cycle state; never null
 * @param sshKeyNames names of the SSH keys installed; never null
 * @param fileSystemNames names of attached file systems; never null
 * @param fileSystemMounts where file systems are mounted; never null
 * @param region where the instance runs; never null
 * @param instanceType the hardware; never null
 * @param hostname the host name; may be null
 * @param jupyterToken the JupyterLab token (a secret); may be null
 * @param jupyterUrl the JupyterLab URL; may be null
 * @param actions which actions are currently available; may be null
 * @param tags key/value tags; never null
 * @param firewallRulesets firewall rulesets applied; never null
 */
public record Instance(
    String id,
    @Nullable String name,
    @Nullable String ip,
    @Nullable String privateIp,
    InstanceStatus status,
    List<String> sshKeyNames,
    List<String> fileSystemNames,
    List<FilesystemMount> fileSystemMounts,
    Region region,
    InstanceType instanceType,
    @Nullable String hostname,
    @Nullable String jupyterToken,
    @Nullable String jupyterUrl,
    @Nullable Actions actions,
    List<Tag> tags,
    List<RulesetRef> firewallRulesets) {

  /** Normalises missing lists to empty ones and a missing status to {@code UNKNOWN}. */
  public Instance {
    status = status == null ? InstanceStatus.UNKNOWN : status;
    sshKeyNames = sshKeyNames == null ? List.of() : List.copyOf(sshKeyNames);
    fileSystemNames = fileSystemNames == null ? List.of() : List.copyOf(fileSystemNames);
    fileSystemMounts = fileSystemMounts == null ? List.of() : List.copyOf(fileSystemMounts);
    tags = tags == null ? List.of() : List.copyOf(tags);
    firewallRulesets = firewallRulesets == null ? List.of() : List.copyOf(firewallRulesets);
  }

  @Override
  public String toString() {
    return "Instance[id=%s, name=%s, ip=%s, status=%s, region=%s, type=%s]"
        .formatted(
            id,
            name,
            ip,
            status.wireName(),
            region == null ? null : region.name(),
            instanceType == null ? null : instanceType.name());
  }

  /**
   * A file system mount ({@code FilesystemMountEntry}).
   *
   * @param mountPoint the absolute mount path on the instance
   * @param fileSystemId the file system ID
   */
  public record FilesystemMount(String mountPoint, String fileSystemId) {}

  /**
   * A key/value tag ({@code TagEntry}).
   *
   * @param key the tag key
   * @param value the tag value
   */
  public record Tag(String key, String value) {}

  /**
   * A reference to a firewall ruleset ({@code FirewallRulesetEntry}).
   *
   * @param id the ruleset ID
   */
  public record RulesetRef(String id) {}

  /**
   * Availability of instance actions ({@code InstanceActionAvailability}).
   *
   * @param migrate migration
   * @param rebuild rebuild
   * @param restart restart
   * @param coldReboot cold reboot
   * @param terminate termination
   */
  public record Actions(
      Availability migrate,
      Availability rebuild,
      Availability restart,
      Availability coldReboot,
      Availability terminate) {}

  /**
   * Whether one action is available ({@code InstanceActionAvailabilityDetails}).
   *
   * @param available true if the action can be performed now
   * @param reasonCode why not, for example {@code vm-has-not-launched}; may be null
   * @param reasonDescription a human-readable reason; may be null
   */
  public record Availability(
      boolean available, @Nullable String reasonCode, @Nullable String reasonDescription) {}
}
