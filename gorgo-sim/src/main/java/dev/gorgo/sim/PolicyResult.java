package dev.gorgo.sim;

import java.util.List;
import java.util.Map;

/**
 * The outcome of simulating one policy: latency percentiles, throughput, the engines' true
 * prefix-cache hit ratio, how much traffic crossed regions and how evenly it spread, plus the data
 * behind the report's plots. Latencies are milliseconds measured at the clients. Immutable and
 * thread-safe (the arrays are not copied; do not modify them).
 *
 * @param policy the policy's name
 * @param requests requests sent
 * @param completed requests that produced all their output
 * @param failures failed requests by reason (for example {@code QUEUE_TIMEOUT})
 * @param ttftMeanMs mean time to first token over completed requests
 * @param ttftP50Ms median TTFT
 * @param ttftP90Ms 90th percentile TTFT
 * @param ttftP95Ms 95th percentile TTFT
 * @param ttftP99Ms 99th percentile TTFT
 * @param e2eP95Ms 95th percentile time to the last token
 * @param queueWaitMeanMs mean time in the router's admission queue
 * @param throughputRps completed requests per second, from the first send to the last completion
 * @param outputTokensPerSecond output tokens per second over the same span
 * @param cacheHitRatio prompt tokens served from the engines' KV caches over all prompt tokens
 *     prefilled (the engine model's truth, not the router's belief)
 * @param crossRegionShare fraction of routed requests served outside their client's region
 * @param loadSpread coefficient of variation (standard deviation over mean) of requests per
 *     replica: 0 is perfectly even
 * @param utilisation mean fraction of time the engines spent computing (prefill or decode steps),
 *     from the first send to the last completion
 * @param endpoints replica ids
 * @param requestsPerEndpoint requests routed to each replica, in {@code endpoints} order
 * @param ttftCdfMs TTFT at quantiles 0, 1/200, ..., 1 (201 values; empty when nothing completed)
 * @param regionLoad engine load (running plus queued) per region over time
 * @param requestRecords one record per request, in send order
 * @param wallMillis real time the simulation of this policy took
 */
public record PolicyResult(
    String policy,
    int requests,
    int completed,
    Map<String, Integer> failures,
    double ttftMeanMs,
    double ttftP50Ms,
    double ttftP90Ms,
    double ttftP95Ms,
    double ttftP99Ms,
    double e2eP95Ms,
    double queueWaitMeanMs,
    double throughputRps,
    double outputTokensPerSecond,
    double cacheHitRatio,
    double crossRegionShare,
    double loadSpread,
    double utilisation,
    List<String> endpoints,
    long[] requestsPerEndpoint,
    double[] ttftCdfMs,
    LoadSeries regionLoad,
    List<RequestRecord> requestRecords,
    long wallMillis) {

  /**
   * Engine load per region sampled over virtual time. Immutable (arrays not copied).
   *
   * @param regions region names
   * @param timesSeconds sample times from the start of the run
   * @param load {@code load[r][k]}: running plus queued requests summed over region {@code r}'s
   *     replicas at {@code timesSeconds[k]}
   */
  public record LoadSeries(List<String> regions, double[] timesSeconds, double[][] load) {}

  /**
   * Requests that did not complete.
   *
   * @return count
   */
  public int failed() {
    return requests - completed;
  }
}
