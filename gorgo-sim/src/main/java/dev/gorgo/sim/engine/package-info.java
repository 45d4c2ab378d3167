/**
 * A model of one SGLang-like inference replica in virtual time: a waiting queue, a running batch
 * with continuous batching and chunked prefill, and an LRU radix KV cache at page granularity. The
 * simulator runs one {@link dev.gorgo.sim.engine.EngineModel} per replica in its event loop; the
 * emulator drives the same class in (scaled) real time.
 */
@NullMarked
package dev.gorgo.sim.engine;

import org.jspecify.annotations.NullMarked;
