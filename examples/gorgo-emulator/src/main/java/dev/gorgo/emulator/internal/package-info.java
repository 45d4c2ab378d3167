/**
 * Internals of the emulator: the engine driver (one engine thread per replica driving the
 * simulator's model in scaled real time), request parsing, response shaping, SSE writing and the
 * Prometheus rendering. Not an API.
 */
package dev.gorgo.emulator.internal;
