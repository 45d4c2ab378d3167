package dev.gorgo.emulator.internal;

/**
 * Static shape of an emulated engine, as reported by {@code /get_server_info} and {@code /metrics}.
 *
 * @param profile profile name, e.g. {@code h100-7b}
 * @param maxRunning maximum requests in the running batch
 * @param kvCapacityTokens KV pool capacity in tokens
 * @param pageSize tokens per KV page
 * @param chunkedPrefillTokens tokens per prefill chunk, -1 when disabled
 */
public record EngineSpec(
    String profile,
    int maxRunning,
    long kvCapacityTokens,
    int pageSize,
    int chunkedPrefillTokens) {}
