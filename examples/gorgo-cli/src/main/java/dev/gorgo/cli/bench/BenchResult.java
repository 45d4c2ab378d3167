package dev.gorgo.cli.bench;

import java.util.List;

/**
 * A whole benchmark: what was run against what, and one {@link RunResult} per phase.
 *
 * @param target the URL requests went to
 * @param model the model field sent
 * @param profile the profile asked for
 * @param seed the seed
 * @param workload a description of the workload (never prompt text)
 * @param runs one result per phase, in order
 */
public record BenchResult(
    String target, String model, String profile, long seed, String workload, List<RunResult> runs) {
  public BenchResult {
    runs = List.copyOf(runs);
  }
}
