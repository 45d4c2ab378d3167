package dev.gorgo.sglang;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.gorgo.sglang.internal.PromptReader;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Pulls the routing prompt and the routing attributes out of an OpenAI chat or completions body, or
 * an SGLang {@code /generate} body, in one pass of Jackson's streaming parser.
 *
 * <h2>What the routing text is</h2>
 *
 * <p>For chat bodies every message counts, whatever its role, in order: each message contributes
 * {@code role + ": "}, its content, and a newline. String contents are copied as they are; in
 * content-part arrays, {@code text} parts are copied and other parts (images, audio) contribute a
 * short marker with a hash of their fields, so two requests with different images do not look alike
 * while a large base64 image does not bloat the key. Assistant {@code tool_calls} are copied as
 * their string values. Appending a message to a conversation therefore only appends to the routing
 * text, which is what a prefix cache rewards. Completions bodies give their {@code prompt} (a
 * string, strings joined by newlines, token ids, or token-id lists concatenated); {@code /generate}
 * bodies give {@code text} or {@code input_ids}. No chat template is applied: the routing text is a
 * stable stand-in for what the engine caches, not the exact token sequence.
 *
 * <h2>Design</h2>
 *
 * <p>The body is read once with {@link JsonParser} and never materialised as a tree; string
 * contents are appended from the parser's character buffer without an intermediate {@code String}.
 * Unknown fields are skipped. Sizes are bounded twice: the body by {@link
 * Builder#maxBodyBytes(int)} before parsing, and the routing text by {@link
 * Builder#maxPromptChars(int)} while it grows; nesting depth is bounded by Jackson's stream
 * constraints. Every failure, including malformed UTF-8 and numbers out of range, surfaces as a
 * {@link PromptException} with a {@link PromptException.Kind}; no other exception escapes for any
 * input.
 *
 * <p>Instances are immutable and thread-safe; share one.
 */
public final class PromptExtractor {
  /** Default limit on the body size: 16 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 16 << 20;

  /** Default limit on the routing text: 8 Mi characters. */
  public static final int DEFAULT_MAX_PROMPT_CHARS = 8 << 20;

  /** Default limit on JSON nesting depth. */
  public static final int DEFAULT_MAX_DEPTH = 64;

  private final JsonFactory factory;
  private final int maxBodyBytes;
  private final int maxPromptChars;

  private PromptExtractor(Builder b) {
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxPromptChars = b.maxPromptChars;
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(b.maxDepth)
                    .maxStringLength(Math.max(b.maxBodyBytes, 1))
                    .build())
            .build();
  }

  /**
   * Returns an extractor with the default limits.
   *
   * @return a new extractor
   */
  public static PromptExtractor create() {
    return builder().build();
  }

  /**
   * Returns a builder for an extractor with custom limits.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Extracts the prompt from a body without a session header.
   *
   * @param body the bytes holding the body (UTF-8 JSON)
   * @param offset where the body starts in {@code body}
   * @param length the body's length in bytes
   * @param kind the kind of request the body belongs to
   * @return the extracted prompt
   * @throws PromptException if no prompt can be extracted (see {@link PromptException.Kind})
   * @throws IndexOutOfBoundsException if the range is outside {@code body}
   */
  public ExtractedPrompt extract(byte[] body, int offset, int length, RequestKind kind)
      throws PromptException {
    return extract(body, offset, length, kind, null);
  }

  /**
   * Extracts the prompt from a body.
   *
   * @param body the bytes holding the body (UTF-8 JSON)
   * @param offset where the body starts in {@code body}
   * @param length the body's length in bytes
   * @param kind the kind of request the body belongs to
   * @param sessionHeader the value of the caller's session header (for example {@code
   *     X-Session-Id}), or {@code null}; when present it wins over the body's {@code user} field
   * @return the extracted prompt
   * @throws PromptException if no prompt can be extracted (see {@link PromptException.Kind})
   * @throws IndexOutOfBoundsException if the range is outside {@code body}
   */
  public ExtractedPrompt extract(
      byte[] body, int offset, int length, RequestKind kind, @Nullable String sessionHeader)
      throws PromptException {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(kind, "kind");
    Objects.checkFromIndexSize(offset, length, body.length);
    if (length > maxBodyBytes) {
      throw new PromptException(
          PromptException.Kind.TOO_LARGE,
          "request body of " + length + " bytes exceeds the limit of " + maxBodyBytes + " bytes");
    }
    try (JsonParser p = factory.createParser(body, offset, length)) {
      return new PromptReader(p, kind, maxPromptChars, length).read(sessionHeader);
    } catch (StreamConstraintsException e) {
      String m = String.valueOf(e.getOriginalMessage());
      if (m.contains("nesting") || m.contains("depth")) {
        throw new PromptException(
            PromptException.Kind.TOO_DEEP, "JSON nesting deeper than the configured limit");
      }
      throw new PromptException(
          PromptException.Kind.TOO_LARGE, "a JSON value exceeds the parser's size limits");
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
      throw new PromptException(
          PromptException.Kind.MALFORMED_JSON, "malformed JSON near byte " + Math.max(at, 0));
    } catch (IOException | RuntimeException e) {
      // Jackson reports some malformed input (bad UTF-8, odd numbers) through other types;
      // the message may quote input, so only the type is kept.
      throw new PromptException(
          PromptException.Kind.MALFORMED_JSON,
          "malformed JSON (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Configures a {@link PromptExtractor}. Not thread-safe. */
  public static final class Builder {
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxPromptChars = DEFAULT_MAX_PROMPT_CHARS;
    private int maxDepth = DEFAULT_MAX_DEPTH;

    private Builder() {}

    /**
     * Sets the largest body accepted, in bytes; larger bodies fail with {@link
     * PromptException.Kind#TOO_LARGE}.
     *
     * @param bytes the limit, at least 1
     * @return this builder
     */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = positive(bytes, "maxBodyBytes");
      return this;
    }

    /**
     * Sets the longest routing text accepted, in characters; longer prompts fail with {@link
     * PromptException.Kind#TOO_LARGE}.
     *
     * @param chars the limit, at least 1
     * @return this builder
     */
    public Builder maxPromptChars(int chars) {
      this.maxPromptChars = positive(chars, "maxPromptChars");
      return this;
    }

    /**
     * Sets the deepest JSON nesting accepted; deeper bodies fail with {@link
     * PromptException.Kind#TOO_DEEP}.
     *
     * @param depth the limit, at least 4
     * @return this builder
     */
    public Builder maxDepth(int depth) {
      if (depth < 4) {
        throw new IllegalArgumentException("maxDepth must be >= 4, was " + depth);
      }
      this.maxDepth = depth;
      return this;
    }

    /**
     * Builds the extractor.
     *
     * @return a new, thread-safe extractor
     */
    public PromptExtractor build() {
      return new PromptExtractor(this);
    }

    private static int positive(int v, String name) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be >= 1, was " + v);
      }
      return v;
    }
  }
}
