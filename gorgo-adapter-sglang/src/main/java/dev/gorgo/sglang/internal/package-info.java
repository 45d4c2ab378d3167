/**
 * Internals of the SGLang adapter: the SSE event scanner, the stream chunk inspector, the
 * Prometheus text parser, the server-info reader and the circuit breaker. Not exported; no
 * compatibility promise.
 */
@NullMarked
package dev.gorgo.sglang.internal;

import org.jspecify.annotations.NullMarked;
