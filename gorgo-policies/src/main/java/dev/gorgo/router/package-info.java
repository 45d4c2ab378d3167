/**
 * The router a gateway embeds: {@link dev.gorgo.router.Router} (built with {@link
 * dev.gorgo.router.Router#builder()}) routes requests with a {@link dev.gorgo.api.RoutingPolicy},
 * accounts their load through {@link dev.gorgo.router.Lease}s, queues what cannot go yet, and
 * rejects with a typed {@link dev.gorgo.router.RejectedException}.
 *
 * <p>Units: times from the router's {@link dev.gorgo.api.Ticker} in nanoseconds, cost-model times
 * in milliseconds, prompt sizes in tokens, trie sizes in symbols.
 */
@NullMarked
package dev.gorgo.router;

import org.jspecify.annotations.NullMarked;
