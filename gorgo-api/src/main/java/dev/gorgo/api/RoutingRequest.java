package dev.gorgo.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request to be routed. Immutable and thread-safe (see {@link PromptKey} for its array).
 *
 * @param requestId unique id, propagated to the replica and to logs; never {@code null}
 * @param key the prompt's routing key; {@link PromptKey#empty()} when there is no prompt text
 * @param promptTokens the prompt's length in tokens (exact when a tokenizer is known, else an
 *     estimate); at least 0
 * @param clientRegion region the client is in, or {@code null} when unknown
 * @param sessionKey a sticky-session key (a user or conversation id), or {@code null}
 * @param arrivalNanos when the request arrived, read from the router's {@link Ticker}
 * @param hops how many routers already forwarded this request (0 at the first router); the
 *     distributed policy forwards at most once
 */
public record RoutingRequest(
    String requestId,
    PromptKey key,
    int promptTokens,
    @Nullable String clientRegion,
    @Nullable String sessionKey,
    long arrivalNanos,
    int hops) {

  /**
   * Validates the components.
   *
   * @throws NullPointerException if {@code requestId} or {@code key} is {@code null}
   * @throws IllegalArgumentException if {@code promptTokens} or {@code hops} is negative
   */
  public RoutingRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(key, "key");
    if (promptTokens < 0) {
      throw new IllegalArgumentException("promptTokens must be >= 0, was " + promptTokens);
    }
    if (hops < 0) {
      throw new IllegalArgumentException("hops must be >= 0, was " + hops);
    }
  }

  /**
   * Creates a request with no client region, no session key and no hops, whose token count is the
   * key's estimate.
   *
   * @param requestId unique id
   * @param key prompt key
   * @param arrivalNanos arrival time from the router's ticker
   * @return the request
   */
  public static RoutingRequest of(String requestId, PromptKey key, long arrivalNanos) {
    return new RoutingRequest(requestId, key, key.estimatedTokens(), null, null, arrivalNanos, 0);
  }

  /**
   * Returns a copy with the given client region.
   *
   * @param region the client's region, or {@code null}
   * @return the copy
   */
  public RoutingRequest withClientRegion(@Nullable String region) {
    return new RoutingRequest(requestId, key, promptTokens, region, sessionKey, arrivalNanos, hops);
  }

  /**
   * Returns a copy with the given session key.
   *
   * @param session the session key, or {@code null}
   * @return the copy
   */
  public RoutingRequest withSessionKey(@Nullable String session) {
    return new RoutingRequest(
        requestId, key, promptTokens, clientRegion, session, arrivalNanos, hops);
  }
}
