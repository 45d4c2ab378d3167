package dev.gorgo.sim;

import dev.gorgo.api.Policies;
import dev.gorgo.sim.internal.ClusterRun;
import dev.gorgo.sim.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a {@link SimulationConfig}: each policy on its own fresh cluster (new engines with empty
 * caches, a new router), the same workload, in virtual time; then collects the results into a
 * {@link SimulationReport}.
 *
 * <p>Each policy's run is single-threaded and deterministic for the configuration's seed, so the
 * same configuration always gives the same numbers, whatever {@link SimulationConfig#threads()}
 * says; threads only let independent policies run side by side. See {@link ClusterRun} for the
 * model of requests, network and control plane. Thread-safe (stateless).
 */
public final class Simulation {
  private Simulation() {}

  /**
   * Runs every policy of the configuration.
   *
   * @param config what to simulate
   * @return the report, with results in the configuration's policy order
   * @throws IllegalArgumentException if a policy name is unknown (checked before anything runs), or
   *     a request names a region the topology lacks
   */
  public static SimulationReport run(SimulationConfig config) {
    for (String p : config.policies()) {
      if (!p.equals("oracle")) {
        Policies.provider(p); // fails fast, listing the known names
      }
    }
    long start = System.nanoTime();
    Workload workload = config.scaledWorkload();
    List<PolicyResult> results = new ArrayList<>();
    int threads = Math.min(config.threads(), config.policies().size());
    if (threads <= 1) {
      for (String p : config.policies()) {
        results.add(new ClusterRun(config, p, workload).run());
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<PolicyResult>> futures = new ArrayList<>();
        for (String p : config.policies()) {
          futures.add(pool.submit(() -> new ClusterRun(config, p, workload).run()));
        }
        for (Future<PolicyResult> f : futures) {
          results.add(f.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("simulation interrupted", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("simulation failed", c);
      } finally {
        pool.shutdownNow();
      }
    }
    return new SimulationReport(config, workload, results, (System.nanoTime() - start) / 1_000_000);
  }
}
