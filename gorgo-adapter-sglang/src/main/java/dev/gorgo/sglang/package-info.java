/**
 * GORGO's SGLang adapter: what a proxy or a Java gateway needs to route requests to real SGLang
 * servers.
 *
 * <ul>
 *   <li>{@link dev.gorgo.sglang.PromptExtractor} pulls the routing prompt, model, stream flag,
 *       session key and output cap out of an OpenAI chat/completions or SGLang {@code /generate}
 *       body (Jackson streaming, no tree; typed {@link dev.gorgo.sglang.PromptException}s).
 *   <li>{@link dev.gorgo.sglang.PromptKeyer} turns the prompt into the prefix trie's symbols:
 *       characters, hashed character blocks, or token ids through a {@link
 *       dev.gorgo.sglang.Tokenizer}.
 *   <li>{@link dev.gorgo.sglang.SglangClient} forwards a request and relays the SSE answer event by
 *       event to a {@link dev.gorgo.sglang.StreamSink}, reporting the time to first token and
 *       usage; it also reads server info and metrics, checks health, probes round trip times and
 *       flushes the prefix cache.
 *   <li>{@link dev.gorgo.sglang.SglangBackendPool} keeps a router informed (load, RTT, health,
 *       capacity) and forwards with retry before the first byte and a per-replica circuit breaker.
 * </ul>
 *
 * <h2>The request path of a proxy</h2>
 *
 * <pre>{@code
 * PromptExtractor extractor = PromptExtractor.create();
 * PromptKeyer keyer = PromptKeyer.blocks(16);
 * SglangBackendPool pool = SglangBackendPool.builder(router).build();   // starts polling
 *
 * // per request, on its own (virtual) thread:
 * RequestKind kind = RequestKind.forPath(path);                 // null: not a generation route
 * ExtractedPrompt prompt;
 * try {
 *   prompt = extractor.extract(body, 0, body.length, kind, sessionHeader);
 * } catch (PromptException e) {
 *   respond(e.httpStatus(), e.getMessage());                    // 400 or 413, no prompt text
 *   return;
 * }
 * PromptKey key = keyer.key(prompt);
 * RoutingRequest request = RoutingRequest.of(requestId, key, ticker.nanos())
 *     .withSessionKey(prompt.sessionKey());
 * ForwardResult result = pool.forward(request, ForwardRequest.post(kind.path(), body, requestId),
 *     new StreamSink() {
 *       public void start(ResponseHead head) throws IOException { ... set status, headers }
 *       public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); out.flush(); }
 *     });
 * // result.ttftNanos(), result.usage(), result.outcome(); a RejectedException maps to 429/503/504
 * }</pre>
 *
 * <p>{@code pool.forward} routes, forwards, calls {@code lease.accepted()}, {@code
 * lease.firstToken()} and {@code lease.complete(outcome)} at the right moments, and retries on
 * another replica only while nothing has reached the client. A gateway that leases by itself does
 * the same with {@link dev.gorgo.sglang.SglangClient#forward} inside a {@code try}/{@code finally}
 * around the lease.
 *
 * <p>Nothing in this package logs or exports prompt text; {@code toString()} of prompt-bearing
 * values reports sizes only.
 */
@NullMarked
package dev.gorgo.sglang;

import org.jspecify.annotations.NullMarked;
