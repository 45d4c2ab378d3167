package dev.gorgo.sglang;

import org.jspecify.annotations.Nullable;

/** The request body shapes {@link PromptExtractor} understands, each with its upstream path. */
public enum RequestKind {
  /** OpenAI chat completions: {@code messages} (string or content-part contents). */
  CHAT_COMPLETIONS("/v1/chat/completions"),
  /** OpenAI (legacy) completions: {@code prompt} as a string, strings, token ids or id lists. */
  COMPLETIONS("/v1/completions"),
  /** SGLang's native generation API: {@code text} or {@code input_ids}. */
  GENERATE("/generate");

  private final String path;

  RequestKind(String path) {
    this.path = path;
  }

  /**
   * Returns the path this kind of request is served at on an SGLang server.
   *
   * @return the path, starting with {@code /}
   */
  public String path() {
    return path;
  }

  /**
   * Finds the kind served at a request path (the query, if any, is ignored).
   *
   * @param path a request path such as {@code /v1/chat/completions}; may be {@code null}
   * @return the kind, or {@code null} if the path is not a generation route
   */
  public static @Nullable RequestKind forPath(@Nullable String path) {
    if (path == null) {
      return null;
    }
    int q = path.indexOf('?');
    String p = q < 0 ? path : path.substring(0, q);
    if (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    for (RequestKind kind : values()) {
      if (kind.path.equals(p)) {
        return kind;
      }
    }
    return null;
  }
}
