package dev.gorgo.cli.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one run (one profile at one rate or concurrency).
 *
 * @param label short name, for example {@code "poisson@4.0/s"}
 * @param profile the profile run
 * @param rate target rate in requests/s, or NaN for closed-loop profiles
 * @param concurrency concurrent streams (closed loop) or the in-flight cap (open loop)
 * @param startEpochMillis when the run started (wall clock)
 * @param durationSeconds how long it ran
 * @param sent requests sent
 * @param successful requests that completed
 * @param incomplete requests cut off by the time limit
 * @param errors failed requests by kind ({@code http_503}, {@code timeout}, ...)
 * @param requestsPerSecond successful requests / duration
 * @param outputTokensPerSecond output tokens of successful requests / duration
 * @param ttftMs time to first token
 * @param itlMs mean inter-token latency per request
 * @param e2eMs end-to-end latency
 * @param requestTokensPerSecond output tokens / s of each request
 * @param requests every request, in completion order
 */
public record RunResult(
    String label,
    Profile profile,
    double rate,
    int concurrency,
    long startEpochMillis,
    double durationSeconds,
    int sent,
    int successful,
    int incomplete,
    Map<String, Integer> errors,
    double requestsPerSecond,
    double outputTokensPerSecond,
    Summary ttftMs,
    Summary itlMs,
    Summary e2eMs,
    Summary requestTokensPerSecond,
    List<RequestResult> requests) {

  /** Builds the result and its summaries from the requests. */
  static RunResult of(
      String label,
      Profile profile,
      double rate,
      int concurrency,
      long startEpochMillis,
      double durationSeconds,
      List<RequestResult> requests) {
    int ok = 0;
    int incomplete = 0;
    long tokens = 0;
    Map<String, Integer> errors = new TreeMap<>();
    for (RequestResult r : requests) {
      if (r.ok()) {
        ok++;
        tokens += r.outputTokens();
      } else if (r.incomplete()) {
        incomplete++;
      } else {
        errors.merge(r.errorKey(), 1, Integer::sum);
      }
    }
    double d = Math.max(durationSeconds, 1e-9);
    return new RunResult(
        label,
        profile,
        rate,
        concurrency,
        startEpochMillis,
        durationSeconds,
        requests.size(),
        ok,
        incomplete,
        errors,
        ok / d,
        tokens / d,
        Summary.of(requests, RequestResult::ttftMs),
        Summary.of(requests, RequestResult::itlMs),
        Summary.of(requests, RequestResult::e2eMs),
        Summary.of(requests, RequestResult::outputTokensPerSecond),
        List.copyOf(requests));
  }

  /** Failed requests (incomplete ones excluded). */
  public int errored() {
    return errors.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Failed / (successful + failed); 0 when nothing finished. */
  public double errorRate() {
    int done = successful + errored();
    return done == 0 ? 0 : (double) errored() / done;
  }
}
