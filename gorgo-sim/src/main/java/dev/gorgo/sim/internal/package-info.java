/**
 * The simulator's machinery, not part of its API: the event loop that runs one policy on one
 * simulated cluster ({@link dev.gorgo.sim.internal.ClusterRun}), the oracle policy, statistics and
 * report rendering.
 */
@NullMarked
package dev.gorgo.sim.internal;

import org.jspecify.annotations.NullMarked;
