package dev.gorgo.lambda;

import org.jspecify.annotations.Nullable;

/**
 * A persistent file system ({@code Filesystem}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the file system ID; never null
 * @param name the name; never null
 * @param mountPoint the default mount point on instances
 * @param created creation time, ISO 8601
 * @param createdBy the user who created it; may be null
 * @param isInUse whether any instance has it attached
 * @param region where it lives
 * @param bytesUsed bytes stored, sampled periodically; null if unknown
 */
public record Filesystem(
    String id,
    String name,
    String mountPoint,
    String created,
    @Nullable User createdBy,
    boolean isInUse,
    Region region,
    @Nullable Long bytesUsed) {

  /**
   * An account user ({@code User}).
   *
   * @param id the user ID
   * @param email the e-mail address
   * @param status {@code active} or {@code deactivated}
   */
  public record User(String id, String email, String status) {}
}
