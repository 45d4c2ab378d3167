package dev.gorgo.lambda.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** POSIX shell quoting and content hashing for remote commands. */
public final class Shell {
  private Shell() {}

  /**
   * Quotes a word for {@code sh}: wraps it in single quotes and escapes embedded ones.
   *
   * @param word any text
   * @return the quoted word, safe to paste into a command line
   */
  public static String quote(String word) {
    if (!word.isEmpty() && word.chars().allMatch(Shell::safe)) {
      return word;
    }
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }

  private static boolean safe(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-_./:=@%+,".indexOf(c) >= 0;
  }

  /**
   * The SHA-256 of some bytes.
   *
   * @param data the bytes
   * @return lower-case hex
   */
  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * The SHA-256 of a string's UTF-8 bytes, shortened to 16 hex digits (for labels and stamps).
   *
   * @param text the text
   * @return 16 lower-case hex digits
   */
  public static String shortHash(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }
}
