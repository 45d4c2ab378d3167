package dev.gorgo.proxy.serve;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Outcome;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.proxy.observe.ProxyMetrics;
import dev.gorgo.router.Lease;
import dev.gorgo.router.RejectedException;
import dev.gorgo.router.Router;
import dev.gorgo.sglang.ForwardRequest;
import dev.gorgo.sglang.ForwardResult;
import dev.gorgo.sglang.ResponseHead;
import dev.gorgo.sglang.SglangClient;
import dev.gorgo.sglang.StreamSink;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Leases an endpoint from the {@link Router}, forwards with the adapter's {@link SglangClient}, and
 * releases the lease with the right outcome on every path (success, upstream failure, client gone,
 * exception).
 *
 * <p>Retries: while nothing has reached the client (connection refused, or a retryable status held
 * back), the attempt's lease is completed as {@link Outcome#NOT_ACCEPTED} (so the router forgets
 * the prompt's trie entry for that replica), a connection failure is reported as a failed probe
 * (three make the replica unhealthy, so the policy stops choosing it), and the request is routed
 * again, at most {@code maxAttempts} times; the last attempt relays whatever the replica says.
 *
 * <p>Distributed mode: when the lease names a remote endpoint, the request goes to that endpoint's
 * peer proxy with the hop header incremented, not to the replica itself, so the peer accounts for
 * it. A request that already made its hop ({@code request.hops() >= 1}) is never sent to a peer
 * proxy again, whatever the policy says: it goes straight to the replica. That makes "at most one
 * hop" a structural property rather than a policy promise.
 *
 * <p>Thread-safe; one instance serves all requests.
 */
public final class LeasedUpstream implements Upstream {
  /** Hop counter header between peer proxies. */
  public static final String HOP_HEADER = "X-Gorgo-Hop";

  private final Router router;
  private final SglangClient client;
  private final ProxyMetrics metrics;
  private final String localId;
  private final Map<String, URI> peers;
  private final int maxAttempts;

  /**
   * Creates the upstream.
   *
   * @param router the router
   * @param client the SGLang client
   * @param metrics peer-forward counter
   * @param localId distributed mode: this proxy's own endpoint id; {@code null} when centralized
   * @param peers distributed mode: peer proxy base URI by endpoint id
   * @param maxAttempts attempts per request (at least 1)
   */
  public LeasedUpstream(
      Router router,
      SglangClient client,
      ProxyMetrics metrics,
      String localId,
      Map<String, URI> peers,
      int maxAttempts) {
    this.router = router;
    this.client = client;
    this.metrics = metrics;
    this.localId = localId;
    this.peers = Map.copyOf(peers);
    this.maxAttempts = Math.max(1, maxAttempts);
  }

  @Override
  public ForwardResult forward(RoutingRequest request, ForwardRequest forward, StreamSink sink)
      throws RejectedException {
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= maxAttempts;
      Lease lease = router.route(request);
      ForwardResult result = null;
      try {
        Endpoint e = lease.endpoint();
        URI target = e.baseUri();
        ForwardRequest f = forward;
        URI peer = peers.get(e.id());
        if (localId != null && !localId.equals(e.id()) && peer != null && request.hops() == 0) {
          target = peer;
          Map<String, String> headers = new HashMap<>(forward.headers());
          headers.put(HOP_HEADER, Integer.toString(request.hops() + 1));
          f =
              new ForwardRequest(
                  forward.method(),
                  forward.pathAndQuery(),
                  headers,
                  forward.body(),
                  forward.contentType(),
                  forward.requestId());
          metrics.peerForward(e.id());
        }
        result = client.forward(target, f, new LeaseSink(sink, lease), !last);
      } finally {
        lease.complete(result == null ? Outcome.FAILED : result.outcome());
      }
      if (result.ending() != ForwardResult.Ending.NOT_STARTED || last) {
        return result;
      }
      if (result.status() < 0) {
        router.reportProbe(lease.endpoint().id(), false);
      }
    }
  }

  /** Tells the lease when the replica answered and when the first token came. */
  private record LeaseSink(StreamSink sink, Lease lease) implements StreamSink {
    @Override
    public void start(ResponseHead head) throws IOException {
      lease.accepted();
      sink.start(head);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      sink.write(bytes, offset, length);
    }

    @Override
    public void firstContent(long ttftNanos) {
      lease.firstToken();
      sink.firstContent(ttftNanos);
    }
  }
}
