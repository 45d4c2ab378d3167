/**
 * The routing SPI shared by the router, the policies, the simulator and the adapters.
 *
 * <p>Units used throughout: times in milliseconds as {@code double} where they are cost-model
 * quantities (RTT, prefill), nanoseconds as {@code long} where they are clock readings from a
 * {@link dev.gorgo.api.Ticker}; prompt sizes in tokens; trie lengths in symbols (see {@link
 * dev.gorgo.api.PromptKey}).
 */
@NullMarked
package dev.gorgo.api;

import org.jspecify.annotations.NullMarked;
