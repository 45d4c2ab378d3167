package dev.gorgo.sim.internal;

import dev.gorgo.sim.PolicyResult;
import dev.gorgo.sim.RequestRecord;
import dev.gorgo.sim.engine.EngineModel;
import dev.gorgo.sim.topology.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a finished {@link ClusterRun} into a {@link PolicyResult}. Percentiles interpolate linearly
 * between the closest ranks of the sorted sample (the common "type 7" definition), so they are
 * exact for the simulated requests rather than histogram approximations.
 */
final class Measurements {
  private static final int CDF_POINTS = 201;

  private Measurements() {}

  static PolicyResult of(
      String policy,
      ClusterRun.Req[] all,
      int[] routerRegion,
      EngineModel[] engines,
      String[] endpointIds,
      int[] endpointRegion,
      long[] routedTo,
      Topology topology,
      List<Double> loadTimes,
      List<double[]> loadSamples,
      long wallMillis) {
    List<RequestRecord> records = new ArrayList<>(all.length);
    double[] ttft = new double[all.length];
    double[] e2e = new double[all.length];
    int completed = 0;
    int routed = 0;
    int crossRegion = 0;
    double queueWaitSum = 0;
    long outputTokens = 0;
    long firstSend = Long.MAX_VALUE;
    long lastFinish = Long.MIN_VALUE;
    Map<String, Integer> failures = new TreeMap<>();
    for (ClusterRun.Req r : all) {
      long sent = r.trace.arrivalNanos();
      firstSend = Math.min(firstSend, sent);
      double queueWait = Double.NaN;
      double predicted = Double.NaN;
      double network = Double.NaN;
      String endpoint = null;
      if (r.endpoint >= 0) {
        routed++;
        endpoint = endpointIds[r.endpoint];
        if (endpointRegion[r.endpoint] != r.clientRegion) {
          crossRegion++;
        }
        queueWait = r.lease().queueWaitNanos() / 1e6;
        queueWaitSum += queueWait;
        predicted = r.lease().predictedTtftMillis();
        int router = routerRegion[r.router];
        network =
            topology.rttMs(r.clientRegion, router)
                + topology.rttMs(router, endpointRegion[r.endpoint]);
      }
      boolean ok = r.failure == null && r.finishClient >= 0;
      double t = Double.NaN;
      double e = Double.NaN;
      if (ok) {
        t = (r.firstTokenClient - sent) / 1e6;
        e = (r.finishClient - sent) / 1e6;
        ttft[completed] = t;
        e2e[completed] = e;
        completed++;
        outputTokens += r.outputTokens;
        lastFinish = Math.max(lastFinish, r.finishClient);
      } else {
        failures.merge(r.failure == null ? "UNFINISHED" : r.failure, 1, Integer::sum);
      }
      records.add(
          new RequestRecord(
              r.trace.id(),
              sent / 1e6,
              r.trace.promptTokens(),
              ok ? r.outputTokens : 0,
              topology.regions().get(r.clientRegion),
              endpoint,
              t,
              e,
              queueWait,
              predicted,
              r.cached,
              network,
              ok ? null : r.failure == null ? "UNFINISHED" : r.failure));
    }
    ttft = Arrays.copyOf(ttft, completed);
    e2e = Arrays.copyOf(e2e, completed);
    Arrays.sort(ttft);
    Arrays.sort(e2e);
    double spanSeconds = completed == 0 ? 0 : (lastFinish - firstSend) / 1e9;
    long hit = 0;
    long prompt = 0;
    long busy = 0;
    for (EngineModel engine : engines) {
      hit += engine.cacheHitTokensTotal();
      prompt += engine.promptTokensTotal();
      busy += engine.busyNanosTotal();
    }
    double[] cdf = new double[completed == 0 ? 0 : CDF_POINTS];
    for (int i = 0; i < cdf.length; i++) {
      cdf[i] = quantile(ttft, i / (double) (CDF_POINTS - 1));
    }
    int regions = topology.regions().size();
    double[] times = new double[loadTimes.size()];
    double[][] load = new double[regions][loadTimes.size()];
    double[] queued = new double[loadTimes.size()];
    for (int k = 0; k < times.length; k++) {
      times[k] = loadTimes.get(k);
      for (int r = 0; r < regions; r++) {
        load[r][k] = loadSamples.get(k)[r];
      }
      queued[k] = loadSamples.get(k)[regions];
    }
    return new PolicyResult(
        policy,
        all.length,
        completed,
        Map.copyOf(failures),
        mean(ttft),
        quantile(ttft, 0.50),
        quantile(ttft, 0.90),
        quantile(ttft, 0.95),
        quantile(ttft, 0.99),
        quantile(e2e, 0.95),
        routed == 0 ? Double.NaN : queueWaitSum / routed,
        spanSeconds > 0 ? completed / spanSeconds : Double.NaN,
        spanSeconds > 0 ? outputTokens / spanSeconds : Double.NaN,
        prompt == 0 ? Double.NaN : (double) hit / prompt,
        routed == 0 ? Double.NaN : (double) crossRegion / routed,
        coefficientOfVariation(routedTo),
        spanSeconds > 0 ? busy / 1e9 / spanSeconds / engines.length : Double.NaN,
        List.of(endpointIds),
        routedTo.clone(),
        cdf,
        new PolicyResult.LoadSeries(topology.regions(), times, load, queued),
        List.copyOf(records),
        wallMillis);
  }

  /** Linear interpolation between closest ranks of a sorted sample; NaN when empty. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  static double mean(double[] xs) {
    if (xs.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.length;
  }

  static double coefficientOfVariation(long[] counts) {
    double mean = 0;
    for (long c : counts) {
      mean += c;
    }
    mean /= counts.length;
    if (mean == 0) {
      return 0;
    }
    double var = 0;
    for (long c : counts) {
      var += (c - mean) * (c - mean);
    }
    return Math.sqrt(var / counts.length) / mean;
  }
}
