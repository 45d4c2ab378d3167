package dev.gorgo.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Lambda Cloud API key, read from the environment ({@code LAMBDA_API_KEY}) or from a file. The
 * key is only ever placed in the {@code Authorization} header; {@link #toString()} is redacted and
 * the client scrubs the key from every message it produces.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiKey {
  /** The environment variable read by {@link #fromEnvironment()}. */
  public static final String ENV = "LAMBDA_API_KEY";

  /** The environment variable naming a key file, used when {@link #ENV} is unset. */
  public static final String FILE_ENV = "LAMBDA_API_KEY_FILE";

  private final String secret;

  private ApiKey(String secret) {
    this.secret = secret;
  }

  /**
   * Wraps a key held in memory (for tests and embedding applications).
   *
   * @param secret the key; not blank
   * @return the key
   * @throws IllegalArgumentException if the key is blank or contains whitespace
   */
  public static ApiKey of(String secret) {
    Objects.requireNonNull(secret, "secret");
    String s = secret.strip();
    if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("API key is empty or contains whitespace");
    }
    return new ApiKey(s);
  }

  /**
   * Reads the key from the first line of a file. The path is named in errors; the content never is.
   *
   * @param file the key file
   * @return the key
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the file holds no usable key
   */
  public static ApiKey fromFile(Path file) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8).strip();
    int nl = content.indexOf('\n');
    String first = nl < 0 ? content : content.substring(0, nl).strip();
    if (first.isEmpty()) {
      throw new IllegalArgumentException("API key file " + file + " is empty");
    }
    return of(first);
  }

  /**
   * Reads the key from {@code LAMBDA_API_KEY}, else from the file named by {@code
   * LAMBDA_API_KEY_FILE}.
   *
   * @return the key, or empty if neither variable is set
   * @throws IOException if the named file cannot be read
   */
  public static Optional<ApiKey> fromEnvironment() throws IOException {
    return fromEnvironment(System.getenv());
  }

  /**
   * Like {@link #fromEnvironment()}, with an explicit environment (for tests).
   *
   * @param env the environment variables
   * @return the key, or empty if neither variable is set
   * @throws IOException if the named file cannot be read
   */
  public static Optional<ApiKey> fromEnvironment(Map<String, String> env) throws IOException {
    String value = env.get(ENV);
    if (value != null && !value.isBlank()) {
      return Optional.of(of(value));
    }
    String file = env.get(FILE_ENV);
    if (file != null && !file.isBlank()) {
      return Optional.of(fromFile(Path.of(file)));
    }
    return Optional.empty();
  }

  /**
   * The {@code Authorization} header value.
   *
   * @return {@code Bearer <key>}
   */
  String authorization() {
    return "Bearer " + secret;
  }

  /**
   * Replaces every occurrence of the key in {@code text}.
   *
   * @param text any text; may be null
   * @return the text with the key replaced by {@code ***}
   */
  @Nullable String scrub(@Nullable String text) {
    return text == null ? null : text.replace(secret, "***");
  }

  @Override
  public String toString() {
    return "ApiKey[redacted]";
  }
}
