/**
 * {@code gorgo emulate}: emulated SGLang replicas in regions, with network delays taken from a
 * topology of measured round-trip times or given per replica.
 */
package dev.gorgo.cli.emulate;
