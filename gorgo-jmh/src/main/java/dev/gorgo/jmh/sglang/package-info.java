/** Benchmarks of the SGLang adapter's request path: prompt extraction and keying. */
package dev.gorgo.jmh.sglang;
