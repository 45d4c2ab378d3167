package dev.gorgo.router;

/**
 * The router's fixed tuning, shared by its endpoint slots. Immutable.
 *
 * @param rttAlpha EWMA weight of a new RTT sample
 * @param failuresToUnhealthy consecutive failed probes that make an endpoint unhealthy
 * @param successesToHealthy consecutive successful probes that make it healthy again
 * @param kvUsageThreshold KV usage at or above which an endpoint is not eligible
 * @param engineMaxAgeNanos engine reports older than this are ignored
 */
record RouterSettings(
    double rttAlpha,
    int failuresToUnhealthy,
    int successesToHealthy,
    double kvUsageThreshold,
    long engineMaxAgeNanos) {}
