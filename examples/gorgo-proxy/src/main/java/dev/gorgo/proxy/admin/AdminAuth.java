package dev.gorgo.proxy.admin;

import dev.gorgo.proxy.config.Secret;
import dev.gorgo.proxy.http.ApiError;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who may call the management endpoints. With an admin token configured: any client presenting
 * {@code Authorization: Bearer <token>} (compared in constant time). Without one: loopback clients
 * only, so a proxy started on a public interface without a token cannot be reconfigured from the
 * network. Immutable and thread-safe.
 */
public final class AdminAuth {
  private final Secret token;

  /** Creates the check for a token (or {@link Secret#NONE}). */
  public AdminAuth(Secret token) {
    this.token = token;
  }

  /**
   * Checks a request.
   *
   * @throws ApiError 401 for a missing or wrong token, 403 for a non-loopback client when no token
   *     is configured
   */
  public void check(ServerRequest req) {
    if (token.isPresent()) {
      String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
      String presented =
          auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
      if (!token.matches(presented)) {
        throw ApiError.unauthorized();
      }
      return;
    }
    if (!isLoopback(req.remotePeer().address())) {
      throw ApiError.loopbackOnly();
    }
  }

  static boolean isLoopback(SocketAddress address) {
    return address instanceof InetSocketAddress inet
        && inet.getAddress() != null
        && inet.getAddress().isLoopbackAddress();
  }
}
