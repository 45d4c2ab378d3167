package dev.gorgo.sim;

import dev.gorgo.sim.internal.ReportRenderer;
import dev.gorgo.sim.workload.Workload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The results of a {@link Simulation}: one {@link PolicyResult} per policy, with renderings as a
 * console table, JSON, CSV and a self-contained HTML page (inline SVG plots, no scripts). Immutable
 * and thread-safe.
 *
 * @param config what was simulated
 * @param workload the simulated (rate-scaled) workload
 * @param results per policy, in the configuration's order
 * @param wallMillis real time the whole simulation took
 */
public record SimulationReport(
    SimulationConfig config, Workload workload, List<PolicyResult> results, long wallMillis) {

  /**
   * Copies the results.
   *
   * @throws NullPointerException if a component is {@code null}
   */
  public SimulationReport {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(workload, "workload");
    results = List.copyOf(results);
  }

  /**
   * Finds a policy's result.
   *
   * @param policy the policy's name
   * @return its result
   * @throws IllegalArgumentException if the policy was not simulated
   */
  public PolicyResult result(String policy) {
    return results.stream()
        .filter(r -> r.policy().equals(policy))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("policy " + policy + " not simulated"));
  }

  /**
   * A fixed-width table, one row per policy, for a terminal.
   *
   * @return the table, ending with a newline
   */
  public String table() {
    return ReportRenderer.table(this);
  }

  /**
   * The summary as JSON: the configuration, the workload and each policy's figures (without the
   * per-request records).
   *
   * @return a JSON document
   */
  public String json() {
    return ReportRenderer.json(this);
  }

  /**
   * The summary as CSV, one row per policy, with a header line.
   *
   * @return the CSV text
   */
  public String csv() {
    return ReportRenderer.csv(this);
  }

  /**
   * One policy's per-request records as CSV (the original system's per-request columns where they
   * apply), with a header line. Never contains prompt content.
   *
   * @param policy the policy
   * @return the CSV text
   * @throws IllegalArgumentException if the policy was not simulated
   */
  public String requestsCsv(String policy) {
    return ReportRenderer.requestsCsv(result(policy));
  }

  /**
   * A self-contained HTML page: the summary table, the TTFT CDF of every policy, and engine load
   * per region over time for every policy, as inline SVG.
   *
   * @return the HTML document
   */
  public String html() {
    return ReportRenderer.html(this);
  }

  /**
   * Writes {@code report.txt}, {@code report.json}, {@code report.csv}, {@code report.html} and
   * {@code requests-<policy>.csv} for every policy into a directory, creating it if needed.
   *
   * @param dir the output directory
   * @throws IOException if writing fails
   */
  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    write(dir.resolve("report.txt"), table());
    write(dir.resolve("report.json"), json());
    write(dir.resolve("report.csv"), csv());
    write(dir.resolve("report.html"), html());
    for (PolicyResult r : results) {
      write(dir.resolve("requests-" + r.policy() + ".csv"), ReportRenderer.requestsCsv(r));
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
