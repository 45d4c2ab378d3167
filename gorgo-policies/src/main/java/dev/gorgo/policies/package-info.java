/**
 * GORGO's own policies, {@link dev.gorgo.policies.GorgoPolicy} (centralized) and {@link
 * dev.gorgo.policies.GorgoLocalPolicy} (distributed), public so that gateways can build and tune
 * them with typed parameters. Every built-in policy, these and the baselines, is also available by
 * name through {@link dev.gorgo.api.Policies}: {@code gorgo}, {@code gorgo-local}, {@code
 * prefix-tree}, {@code least-load}, {@code round-robin}, {@code random}, {@code power-of-two},
 * {@code session-affinity}, {@code cache-aware}, {@code nearest-region}.
 */
@NullMarked
package dev.gorgo.policies;

import org.jspecify.annotations.NullMarked;
