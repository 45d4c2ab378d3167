package dev.gorgo.emulator.internal;

/**
 * A parsed generating request, whatever its route.
 *
 * @param route which API shape to answer in
 * @param model the {@code model} field, echoed in responses
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether to add a usage event at the end of a stream
 * @param continuousUsage whether to put usage on every stream event
 * @param maxTokens tokens to generate
 * @param prompt prompt token ids
 * @param rid caller's request id, or {@code null}
 */
public record GenRequest(
    Route route,
    String model,
    boolean stream,
    boolean includeUsage,
    boolean continuousUsage,
    int maxTokens,
    int[] prompt,
    String rid) {

  /** The API a request came through. */
  public enum Route {
    /** {@code /v1/chat/completions}. */
    CHAT,
    /** {@code /v1/completions}. */
    COMPLETION,
    /** {@code /generate}. */
    GENERATE
  }
}
