package dev.gorgo.sglang;

/**
 * Token counts an SGLang answer reported (the OpenAI {@code usage} object, or {@code /generate}'s
 * {@code meta_info}). Immutable and thread-safe.
 *
 * @param promptTokens prompt tokens, or -1 when not reported
 * @param completionTokens generated tokens, or -1 when not reported
 * @param cachedTokens prompt tokens served from the prefix cache, or -1 when not reported (the
 *     OpenAI routes report them only with {@code --enable-cache-report} and a non-zero count)
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens) {
  /** Nothing reported. */
  public static final Usage NONE = new Usage(-1, -1, -1);

  /**
   * Returns whether any count was reported.
   *
   * @return {@code true} if at least one count is known
   */
  public boolean reported() {
    return promptTokens >= 0 || completionTokens >= 0 || cachedTokens >= 0;
  }
}
