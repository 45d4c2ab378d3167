/**
 * {@code gorgo bench}: a load generator for any OpenAI-compatible endpoint, in the manner of
 * GuideLLM. Workloads ({@link dev.gorgo.cli.bench.Workload}) come from JSONL, a Mooncake-format
 * trace or a synthetic multi-turn chat generator; {@link dev.gorgo.cli.bench.LoadGenerator} paces
 * them by profile; {@link dev.gorgo.cli.bench.StreamingClient} streams every request and times it;
 * {@link dev.gorgo.cli.bench.BenchReports} writes the table, JSON, CSV and HTML.
 */
package dev.gorgo.cli.bench;
