package dev.gorgo.sglang;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link PromptExtractor} found in a request body: the routing prompt (text or token ids) and
 * the request attributes a router needs. Immutable by convention: the token id array is not copied
 * and must not be modified.
 *
 * <p>{@link #toString()} reports sizes only, never prompt content.
 *
 * @param text the routing text (chat messages joined with role separators, or the prompt text), or
 *     {@code null} when the prompt was given as token ids
 * @param tokenIds the prompt's token ids, or {@code null} when the prompt was given as text
 * @param model the requested model name, or {@code null} when absent
 * @param stream whether the client asked for a streamed (SSE) answer
 * @param sessionKey the session key (the caller's session header if given, else the body's {@code
 *     user} field), or {@code null}
 * @param maxTokens the requested output cap in tokens ({@code max_completion_tokens}, {@code
 *     max_tokens} or {@code sampling_params.max_new_tokens}), or -1 when absent
 */
public record ExtractedPrompt(
    @Nullable String text,
    int @Nullable [] tokenIds,
    @Nullable String model,
    boolean stream,
    @Nullable String sessionKey,
    int maxTokens) {

  /**
   * Checks that exactly one of text and token ids is present. Spelled out rather than compact: the
   * parameters of a compact constructor do not keep a {@code @Nullable} placed on an array type.
   *
   * @param text the routing text, or {@code null} when the prompt was given as token ids
   * @param tokenIds the prompt's token ids, or {@code null} when the prompt was given as text
   * @param model the requested model name, or {@code null} when absent
   * @param stream whether the client asked for a streamed (SSE) answer
   * @param sessionKey the session key, or {@code null}
   * @param maxTokens the requested output cap in tokens, or -1 when absent
   * @throws IllegalArgumentException if both or neither are given
   */
  public ExtractedPrompt(
      @Nullable String text,
      int @Nullable [] tokenIds,
      @Nullable String model,
      boolean stream,
      @Nullable String sessionKey,
      int maxTokens) {
    if ((text == null) == (tokenIds == null)) {
      throw new IllegalArgumentException("exactly one of text and tokenIds must be non-null");
    }
    this.text = text;
    this.tokenIds = tokenIds;
    this.model = model;
    this.stream = stream;
    this.sessionKey = sessionKey;
    this.maxTokens = maxTokens;
  }

  /**
   * Returns whether the prompt was given as token ids.
   *
   * @return {@code true} for token ids, {@code false} for text
   */
  public boolean hasTokenIds() {
    return tokenIds != null;
  }

  /**
   * Returns the prompt's length in its own unit: characters (UTF-16 code units) for text, tokens
   * for token ids.
   *
   * @return the length, at least 0
   */
  public int length() {
    // The constructor guarantees that tokenIds is present when text is not.
    return text != null ? text.length() : Objects.requireNonNull(tokenIds).length;
  }

  @Override
  public String toString() {
    return "ExtractedPrompt["
        + (text != null ? text.length() + " chars" : length() + " token ids")
        + ", model="
        + model
        + ", stream="
        + stream
        + ", session="
        + (sessionKey != null)
        + ", maxTokens="
        + maxTokens
        + "]";
  }
}
