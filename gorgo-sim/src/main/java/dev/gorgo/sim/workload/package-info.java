/**
 * What the simulated clients send: {@link dev.gorgo.sim.workload.TraceRequest}s in a {@link
 * dev.gorgo.sim.workload.Workload}, read from Mooncake-format JSONL traces ({@link
 * dev.gorgo.sim.workload.MooncakeTrace}) or generated as multi-turn chat ({@link
 * dev.gorgo.sim.workload.SyntheticChat}). Prompts are described by segments (block ids and lengths)
 * and turned into token ids only when sent, so that equal segments give equal prefixes.
 */
@NullMarked
package dev.gorgo.sim.workload;

import org.jspecify.annotations.NullMarked;
