package dev.gorgo.cli.demo;

import dev.gorgo.cli.bench.RunResult;
import java.util.Map;

/**
 * One policy's run in the demo.
 *
 * @param policy the policy name
 * @param run the load generator's measurements (TTFT, E2E, errors, every request)
 * @param cacheHitRatio prompt tokens served from the replicas' prefix caches / prompt tokens (the
 *     engines' truth, not the router's belief)
 * @param crossRegionShare share of routed requests served outside the proxy's (and clients') region
 * @param routedByRegion routed requests per region
 */
record PolicyRun(
    String policy,
    RunResult run,
    double cacheHitRatio,
    double crossRegionShare,
    Map<String, Integer> routedByRegion) {

  PolicyRun {
    routedByRegion = Map.copyOf(routedByRegion);
  }

  static double crossRegion(Map<String, Integer> byRegion, String home) {
    int total = byRegion.values().stream().mapToInt(Integer::intValue).sum();
    return total == 0 ? Double.NaN : (double) (total - byRegion.getOrDefault(home, 0)) / total;
  }
}
