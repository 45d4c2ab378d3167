package dev.gorgo.proxy.serve;

import dev.gorgo.api.RoutingRequest;
import dev.gorgo.router.RejectedException;
import dev.gorgo.sglang.ForwardRequest;
import dev.gorgo.sglang.ForwardResult;
import dev.gorgo.sglang.StreamSink;

/**
 * Routes one request and relays the chosen replica's answer into a sink. Implementations lease from
 * the router, forward, retry before the first byte, and release the lease on every path.
 */
@FunctionalInterface
public interface Upstream {
  /**
   * Routes and forwards.
   *
   * @param request the routing request (prompt key, hops, session)
   * @param forward the HTTP request to send upstream
   * @param sink where the answer goes
   * @return how the final attempt went
   * @throws RejectedException when the router rejects the request (queue full, timeout, ...)
   */
  ForwardResult forward(RoutingRequest request, ForwardRequest forward, StreamSink sink)
      throws RejectedException;
}
