/**
 * Observability: Prometheus metrics bound to the router's listener, the per-request CSV log with
 * the original system's columns, and the Chrome trace-event recorder. None of these ever sees
 * prompt text.
 */
package dev.gorgo.proxy.observe;
