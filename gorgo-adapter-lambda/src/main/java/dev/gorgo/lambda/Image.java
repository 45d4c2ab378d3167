package dev.gorgo.lambda;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A machine image ({@code Image}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the image ID
 * @param createdTime creation time, ISO 8601
 * @param updatedTime last update time, ISO 8601
 * @param name the image name
 * @param description a description
 * @param family the family, for example {@code lambda-stack-24-04}
 * @param version the version within the family
 * @param architecture {@code x86_64} or {@code arm64}
 * @param region where the image is available
 */
public record Image(
    String id,
    String createdTime,
    String updatedTime,
    String name,
    String description,
    String family,
    String version,
    String architecture,
    Region region) {

  /**
   * Which image to boot ({@code ImageSpecificationID} or {@code ImageSpecificationFamily}): exactly
   * one of the two fields is set.
   *
   * @param id an image ID, or null
   * @param family an image family, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(@Nullable String id, @Nullable String family) {

    /** Checks that exactly one field is set. */
    public Spec {
      if ((id == null) == (family == null)) {
        throw new IllegalArgumentException("an image is chosen by exactly one of id or family");
      }
    }

    /**
     * An image chosen by ID.
     *
     * @param id the image ID
     * @return the spec
     */
    public static Spec ofId(String id) {
      return new Spec(id, null);
    }

    /**
     * An image chosen by family (the latest version).
     *
     * @param family the family
     * @return the spec
     */
    public static Spec ofFamily(String family) {
      return new Spec(null, family);
    }
  }
}
