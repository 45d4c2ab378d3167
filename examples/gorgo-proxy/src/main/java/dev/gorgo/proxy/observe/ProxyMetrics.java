package dev.gorgo.proxy.observe;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Outcome;
import dev.gorgo.api.RejectReason;
import dev.gorgo.api.RouterListener;
import dev.gorgo.api.RoutingRequest;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The proxy's Prometheus metrics (client_java 1.x), fed by the router's {@link RouterListener}
 * hooks and by the request path. One registry per proxy (not the global default), so several
 * proxies in one JVM (tests, the demo) keep separate numbers.
 *
 * <p>Families ({@code gorgo_proxy_} prefix): {@code requests_total{policy,endpoint,route,status}},
 * {@code ttft_seconds{endpoint}}, {@code e2e_seconds{endpoint,outcome}}, {@code
 * queue_wait_seconds}, {@code queued_total}, {@code rejected_total{reason}}, {@code
 * decisions_total{policy,decision,endpoint}}, {@code decision_seconds{policy}}, {@code
 * retries_total{endpoint}}, {@code peer_forwards_total{peer}}, plus gauges read at scrape time
 * (queue depth, in-flight per endpoint, health, breaker state, trie size) registered by the server
 * through {@link #gauge}.
 *
 * <p>Thread-safe: every hook only increments lock-free Prometheus cells.
 */
public final class ProxyMetrics implements RouterListener {
  private static final double[] LATENCY_BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160
  };
  private static final double[] DECISION_BUCKETS = {
    1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 1e-3, 1e-2
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Supplier<String> policyName;
  private final Counter requests;
  private final Histogram ttft;
  private final Histogram e2e;
  private final Histogram queueWait;
  private final Counter queued;
  private final Counter rejected;
  private final Counter decisions;
  private final Histogram decisionTime;
  private final Counter retries;
  private final Counter peerForwards;

  /**
   * Creates the metrics.
   *
   * @param policyName current routing policy name (read per event, so a switch shows at once)
   */
  public ProxyMetrics(Supplier<String> policyName) {
    this.policyName = policyName;
    requests =
        Counter.builder()
            .name("gorgo_proxy_requests_total")
            .help("Requests answered by the proxy, by policy, endpoint, route and HTTP status")
            .labelNames("policy", "endpoint", "route", "status")
            .register(registry);
    ttft =
        Histogram.builder()
            .name("gorgo_proxy_ttft_seconds")
            .help("Time to first token seen by the router (dispatch to first content chunk)")
            .labelNames("endpoint")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .register(registry);
    e2e =
        Histogram.builder()
            .name("gorgo_proxy_e2e_seconds")
            .help("End-to-end latency from dispatch to completion")
            .labelNames("endpoint", "outcome")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .register(registry);
    queueWait =
        Histogram.builder()
            .name("gorgo_proxy_queue_wait_seconds")
            .help("Time spent in the admission queue by requests that waited")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .register(registry);
    queued =
        Counter.builder()
            .name("gorgo_proxy_queued_total")
            .help("Requests that had to wait in the admission queue")
            .register(registry);
    rejected =
        Counter.builder()
            .name("gorgo_proxy_rejected_total")
            .help("Requests rejected by the router, by reason")
            .labelNames("reason")
            .register(registry);
    decisions =
        Counter.builder()
            .name("gorgo_proxy_decisions_total")
            .help("Policy decisions by kind (route, wait, reject) and chosen endpoint")
            .labelNames("policy", "decision", "endpoint")
            .register(registry);
    decisionTime =
        Histogram.builder()
            .name("gorgo_proxy_decision_seconds")
            .help("Time the policy took for one decision")
            .labelNames("policy")
            .classicOnly()
            .classicUpperBounds(DECISION_BUCKETS)
            .register(registry);
    retries =
        Counter.builder()
            .name("gorgo_proxy_retries_total")
            .help("Upstream attempts retried on another endpoint before the first byte")
            .labelNames("endpoint")
            .register(registry);
    peerForwards =
        Counter.builder()
            .name("gorgo_proxy_peer_forwards_total")
            .help("Distributed mode: requests forwarded to a peer proxy")
            .labelNames("peer")
            .register(registry);
  }

  /**
   * Registers a gauge computed at scrape time (queue depth, in-flight counts, trie size...).
   *
   * @param name metric name
   * @param help help text
   * @param callback reports one value per label set; must be thread-safe
   * @param labelNames label names
   */
  public void gauge(
      String name,
      String help,
      Consumer<GaugeWithCallback.Callback> callback,
      String... labelNames) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(labelNames)
        .callback(callback)
        .register(registry);
  }

  /** Counts one answered request. */
  public void request(String endpoint, String route, int status) {
    requests
        .labelValues(
            policyName.get(), endpoint == null ? "none" : endpoint, route, statusLabel(status))
        .inc();
  }

  /** Counts one retry away from {@code endpoint}. */
  public void retry(String endpoint) {
    retries.labelValues(endpoint).inc();
  }

  /** Counts one forward to a peer proxy. */
  public void peerForward(String peer) {
    peerForwards.labelValues(peer).inc();
  }

  /** Writes the Prometheus text exposition. */
  public void write(OutputStream out) throws IOException {
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
  }

  /** The text format's content type. */
  public static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }

  /** The registry (tests and embedders may add their own metrics). */
  public PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public void onDecision(
      RoutingRequest request, ClusterView view, Decision decision, long decideNanos) {
    String policy = policyName.get();
    decisionTime.labelValues(policy).observe(decideNanos / 1e9);
    switch (decision) {
      case Decision.Route r ->
          decisions.labelValues(policy, "route", view.endpoint(r.index()).id()).inc();
      case Decision.Wait w -> decisions.labelValues(policy, "wait", "none").inc();
      case Decision.Reject j -> decisions.labelValues(policy, "reject", "none").inc();
    }
  }

  @Override
  public void onQueued(RoutingRequest request, int queueDepth) {
    queued.inc();
  }

  @Override
  public void onDequeued(RoutingRequest request, long waitNanos, int queueDepth) {
    queueWait.observe(waitNanos / 1e9);
  }

  @Override
  public void onRejected(RoutingRequest request, RejectReason reason) {
    rejected.labelValues(reason.name().toLowerCase(java.util.Locale.ROOT)).inc();
  }

  @Override
  public void onFirstToken(RoutingRequest request, Endpoint endpoint, long ttftNanos) {
    ttft.labelValues(endpoint.id()).observe(ttftNanos / 1e9);
  }

  @Override
  public void onCompleted(
      RoutingRequest request, Endpoint endpoint, Outcome outcome, long e2eNanos) {
    e2e.labelValues(endpoint.id(), outcome.name().toLowerCase(java.util.Locale.ROOT))
        .observe(e2eNanos / 1e9);
  }

  private static final String[] STATUS = new String[600];

  static {
    for (int i = 0; i < STATUS.length; i++) {
      STATUS[i] = Integer.toString(i);
    }
  }

  private static String statusLabel(int status) {
    return status >= 0 && status < STATUS.length ? STATUS[status] : Integer.toString(status);
  }
}
