package dev.gorgo.proxy.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret string (the admin token) that never shows up in logs, exception messages or {@code
 * toString()}. Comparison is constant-time. Immutable and thread-safe.
 */
public final class Secret {
  /** No secret configured. */
  public static final Secret NONE = new Secret(new byte[0]);

  private final byte[] value;

  private Secret(byte[] value) {
    this.value = value;
  }

  /**
   * Wraps a secret value; surrounding whitespace is trimmed.
   *
   * @throws IllegalArgumentException when the trimmed value is empty
   */
  public static Secret of(String value) {
    String v = Objects.requireNonNull(value, "value").strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("secret is empty");
    }
    return new Secret(v.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether a secret is configured. */
  public boolean isPresent() {
    return value.length > 0;
  }

  /** Constant-time comparison with a candidate (e.g. from an Authorization header). */
  public boolean matches(String candidate) {
    if (!isPresent() || candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(value, candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return isPresent() ? "Secret[****]" : "Secret[none]";
  }
}
