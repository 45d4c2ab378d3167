package dev.gorgo.sglang;

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
    String text, int[] tokenIds, String model, boolean stream, String sessionKey, int maxTokens) {

  /**
   * Checks that exactly one of text and token ids is present.
   *
   * @throws IllegalArgumentException if both or neither are given
   */
  public ExtractedPrompt {
    if ((text == null) == (tokenIds == null)) {
      throw new IllegalArgumentException("exactly one of text and tokenIds must be non-null");
    }
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
    return text != null ? text.length() : tokenIds.length;
  }

  @Override
  public String toString() {
    return "ExtractedPrompt["
        + (text != null ? text.length() + " chars" : tokenIds.length + " token ids")
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
