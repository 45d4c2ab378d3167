package dev.gorgo.lambda;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gorgo.lambda.Image.Spec;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to launch instances ({@code InstanceLaunchRequest}). Optional fields left null are not
 * sent. Build one with {@link #of(String, String, String)} and the {@code with...} methods.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never prints the user data.
 *
 * @param regionName the region code; never null
 * @param instanceTypeName the instance type name; never null
 * @param sshKeyNames the SSH key names to install (the API accepts exactly one); never null
 * @param fileSystemNames file systems to attach; null to omit
 * @param fileSystemMounts where to mount file systems; null to omit
 * @param hostname the host name ({@code ^[a-z0-9][0-9a-z-]{0,62}$}); null to omit
 * @param name the instance name (at most 64 characters); null to omit
 * @param image the image to boot; null for the default
 * @param userData a cloud-init script; null to omit
 * @param tags tags; null to omit
 * @param firewallRulesets rulesets to apply; null to omit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LaunchRequest(
    String regionName,
    String instanceTypeName,
    List<String> sshKeyNames,
    @Nullable List<String> fileSystemNames,
    @Nullable List<Instance.FilesystemMount> fileSystemMounts,
    @Nullable String hostname,
    @Nullable String name,
    @Nullable Spec image,
    @Nullable String userData,
    @Nullable List<Instance.Tag> tags,
    @Nullable List<Instance.RulesetRef> firewallRulesets) {

  /** Checks the required fields. */
  public LaunchRequest {
    Objects.requireNonNull(regionName, "regionName");
    Objects.requireNonNull(instanceTypeName, "instanceTypeName");
    sshKeyNames = List.copyOf(sshKeyNames);
  }

  /**
   * A request with the required fields only.
   *
   * @param region the region code
   * @param instanceType the instance type name
   * @param sshKeyName the SSH key to install
   * @return a new request
   */
  public static LaunchRequest of(String region, String instanceType, String sshKeyName) {
    return new LaunchRequest(
        region, instanceType, List.of(sshKeyName), null, null, null, null, null, null, null, null);
  }

  /**
   * A copy with the given instance name.
   *
   * @param newName the name (at most 64 characters)
   * @return a new request
   */
  public LaunchRequest withName(String newName) {
    return new LaunchRequest(
        regionName,
        instanceTypeName,
        sshKeyNames,
        fileSystemNames,
        fileSystemMounts,
        hostname,
        newName,
        image,
        userData,
        tags,
        firewallRulesets);
  }

  /**
   * A copy with the given file systems attached.
   *
   * @param names file system names
   * @return a new request
   */
  public LaunchRequest withFileSystems(List<String> names) {
    return new LaunchRequest(
        regionName,
        instanceTypeName,
        sshKeyNames,
        List.copyOf(names),
        fileSystemMounts,
        hostname,
        name,
        image,
        userData,
        tags,
        firewallRulesets);
  }

  /**
   * A copy with the given tags.
   *
   * @param newTags tags (keys match {@code ^[a-z][a-z0-9-:]+$})
   * @return a new request
   */
  public LaunchRequest withTags(List<Instance.Tag> newTags) {
    return new LaunchRequest(
        regionName,
        instanceTypeName,
        sshKeyNames,
        fileSystemNames,
        fileSystemMounts,
        hostname,
        name,
        image,
        userData,
        List.copyOf(newTags),
        firewallRulesets);
  }

  /**
   * A copy booting the given image.
   *
   * @param spec the image by ID or family
   * @return a new request
   */
  public LaunchRequest withImage(Image.Spec spec) {
    return new LaunchRequest(
        regionName,
        instanceTypeName,
        sshKeyNames,
        fileSystemNames,
        fileSystemMounts,
        hostname,
        name,
        spec,
        userData,
        tags,
        firewallRulesets);
  }

  @Override
  public String toString() {
    return "LaunchRequest[region=%s, type=%s, sshKeys=%s, name=%s, fileSystems=%s, image=%s%s]"
        .formatted(
            regionName,
            instanceTypeName,
            sshKeyNames,
            name,
            fileSystemNames,
            image,
            userData == null ? "" : ", userData=(redacted)");
  }
}
