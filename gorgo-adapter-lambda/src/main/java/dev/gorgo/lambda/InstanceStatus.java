package dev.gorgo.lambda;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The life-cycle state of an instance ({@code InstanceStatus} in the API spec). */
public enum InstanceStatus {
  /** Being provisioned; no SSH yet. */
  @JsonProperty("booting")
  BOOTING,
  /** Running and reachable. */
  @JsonProperty("active")
  ACTIVE,
  /** Running but failing health checks. */
  @JsonProperty("unhealthy")
  UNHEALTHY,
  /** Gone. */
  @JsonProperty("terminated")
  TERMINATED,
  /** Being shut down. */
  @JsonProperty("terminating")
  TERMINATING,
  /** Reclaimed by the provider. */
  @JsonProperty("preempted")
  PREEMPTED,
  /** A status this client does not know (a newer API version). */
  @JsonEnumDefaultValue
  UNKNOWN;

  /**
   * Whether an instance in this state will never become active.
   *
   * @return true for terminated, terminating, preempted
   */
  public boolean isFinal() {
    return this == TERMINATED || this == TERMINATING || this == PREEMPTED;
  }

  /**
   * The API spelling of this status.
   *
   * @return the lower-case wire value, {@code unknown} for {@link #UNKNOWN}
   */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
