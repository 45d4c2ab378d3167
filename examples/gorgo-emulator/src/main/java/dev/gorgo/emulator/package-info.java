/**
 * An emulated SGLang server for tests, demos and benchmarks on machines without GPUs.
 *
 * <h2>What it is</h2>
 *
 * Each emulated replica is an HTTP server that speaks SGLang's API ({@code /v1/chat/completions},
 * {@code /v1/completions}, {@code /generate}, {@code /v1/models}, {@code /get_model_info}, {@code
 * /get_server_info}, {@code /get_load}, {@code /flush_cache}, {@code /health}, {@code
 * /health_generate}, {@code /metrics}) and is driven in real time by the simulator's engine model
 * ({@code dev.gorgo.sim.engine.EngineModel}): continuous batching under a cap on running requests,
 * a radix prefix cache at page granularity, chunked prefill, prefill time proportional to the
 * uncached prompt and decode steps that slow down with the batch. Proxies and routers meet it
 * exactly as they would meet SGLang; the simulator and the emulator give comparable numbers.
 *
 * <h2>Starting replicas from code</h2>
 *
 * <pre>{@code
 * try (EmulatorCluster cluster = Emulator.start(EmulatorConfig.builder()
 *     .replica("us-west-0", "us-west", Duration.ofMillis(5))
 *     .replica("eu-0", "eu-central", Duration.ofMillis(75))
 *     .profile("h100-7b")
 *     .timeScale(10)            // ten times faster than real time
 *     .build())) {
 *   URI first = cluster.replica(0).baseUri();   // http://127.0.0.1:port
 *   OpenAIClient client = OpenAIOkHttpClient.builder()
 *       .baseUrl(first + "/v1").apiKey("none").build();
 *   ...
 *   cluster.replica("eu-0").setOneWayDelay(Duration.ofMillis(300));  // a slow link
 *   cluster.replica("eu-0").kill();                                   // a crashed replica
 * }
 * }</pre>
 *
 * <h2>From the command line</h2>
 *
 * {@code java -cp ... dev.gorgo.emulator.Emulator --replica us-west-0@us-west:5ms:30000 --replica
 * eu-0@eu-central:75ms:30001 --time-scale 10}; {@code --help} lists the options.
 *
 * <h2>Emulated behaviour</h2>
 *
 * <ul>
 *   <li>Prompt text counts one token per four characters (the router's default estimate); token ids
 *       are hashes of four-character blocks, so a repeated or extended prompt really hits the
 *       prefix cache and its time to first token drops by the modelled prefill time of the cached
 *       part. Chat messages are rendered as {@code role\n}, padding to a token boundary, the
 *       content and {@code \n}, followed by the generation prompt {@code assistant\n}.
 *   <li>Every request produces exactly its {@code max_tokens} (chat and generate default 128,
 *       completions 16), one token per space-and-three-letter word, deterministic for the seed and
 *       prompt; the finish reason is {@code length}. Tokens are streamed at the model's decode
 *       pace. Because a word is exactly four characters, the answer tokenizes back into the same
 *       tokens, and the engine caches prompt and answer together as SGLang does: the next turn of a
 *       chat, which repeats the answer in its history, reuses both.
 *   <li>Network: each replica adds its one-way delay to every request on the way in and to every
 *       response byte on the way out, so RTT probes see twice the delay and a stream arrives
 *       shifted by it.
 *   <li>Time scale: model time and network delays are both divided by the scale, so the trade-offs
 *       between distance, cache and load keep their proportions; an infinite scale makes both zero.
 *       Durations in {@code /metrics} and {@code meta_info.e2e_latency} are in model time.
 *   <li>A client that disconnects from a stream is noticed at the next token write and its request
 *       aborted at once (slot and KV freed, {@code num_aborted_requests_total} incremented).
 *   <li>{@code /flush_cache} answers 400 while any request runs or waits, 200 otherwise, with
 *       SGLang's identical text body.
 * </ul>
 *
 * <p>Everything listens on loopback by default. Prompt text is never logged.
 */
package dev.gorgo.emulator;
