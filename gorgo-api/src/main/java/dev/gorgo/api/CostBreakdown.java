package dev.gorgo.api;

/**
 * Per-endpoint estimated time to first token, split into its parts, as computed by a cost-based
 * policy during one decision. Policies that do not compute costs leave it empty.
 *
 * <p>All values are milliseconds. Like the {@link ClusterView} that holds it, a breakdown is
 * confined to one decision's thread and must not be kept.
 */
public interface CostBreakdown {

  /**
   * Records the cost parts for an endpoint; the total is their sum.
   *
   * @param index endpoint index
   * @param rttMillis network part (weighted RTT)
   * @param prefillMillis prefill of the uncached part of the prompt
   * @param loadMillis waiting behind queued and running work (weighted)
   */
  void record(int index, double rttMillis, double prefillMillis, double loadMillis);

  /**
   * Whether a cost was recorded for an endpoint in this decision.
   *
   * @param index endpoint index
   * @return {@code true} when recorded
   */
  boolean has(int index);

  /**
   * Network part.
   *
   * @param index endpoint index
   * @return milliseconds, or {@link Double#NaN} when not recorded
   */
  double rttMillis(int index);

  /**
   * Prefill part.
   *
   * @param index endpoint index
   * @return milliseconds, or {@link Double#NaN} when not recorded
   */
  double prefillMillis(int index);

  /**
   * Load part.
   *
   * @param index endpoint index
   * @return milliseconds, or {@link Double#NaN} when not recorded
   */
  double loadMillis(int index);

  /**
   * Total estimated time to first token.
   *
   * @param index endpoint index
   * @return milliseconds, or {@link Double#NaN} when not recorded
   */
  default double totalMillis(int index) {
    return rttMillis(index) + prefillMillis(index) + loadMillis(index);
  }
}
