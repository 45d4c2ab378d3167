package dev.gorgo.emulator;

/**
 * A consistent snapshot of one emulated replica's engine, for tests and demos (the same numbers
 * {@code /metrics} exposes, without the network delay).
 *
 * @param running requests in the running batch
 * @param queued requests in the waiting queue
 * @param kvUsage share of the KV pool pinned by requests, 0 to 1
 * @param requestsTotal requests finished normally
 * @param abortedTotal requests aborted (clients that went away)
 * @param promptTokensTotal prompt tokens of finished and aborted requests
 * @param cachedTokensTotal prompt tokens that were served from the prefix cache
 * @param generationTokensTotal output tokens produced
 */
public record ReplicaStats(
    int running,
    int queued,
    double kvUsage,
    long requestsTotal,
    long abortedTotal,
    long promptTokensTotal,
    long cachedTokensTotal,
    long generationTokensTotal) {}
