package dev.gorgo.sglang;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The status line and headers of an upstream answer, as handed to {@link StreamSink#start}.
 * Hop-by-hop headers and {@code Content-Length} are already removed. Immutable.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}, or {@code null}
 * @param headers the remaining headers, lower-case names (immutable)
 */
public record ResponseHead(
    int status, @Nullable String contentType, Map<String, List<String>> headers) {
  /**
   * Copies the headers.
   *
   * @throws NullPointerException if {@code headers} is {@code null}
   */
  public ResponseHead {
    headers = Map.copyOf(headers);
  }

  /**
   * Returns whether the answer is a Server-Sent Events stream.
   *
   * @return {@code true} for {@code text/event-stream}
   */
  public boolean isEventStream() {
    return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
  }
}
