/**
 * Where things sit: the regions of a simulated deployment, the round-trip times between them, where
 * the router runs and how clients are spread over regions. Presets {@code paper-v1} and {@code
 * paper-v2} follow the GORGO paper's two deployments; custom topologies load from JSON.
 */
@NullMarked
package dev.gorgo.sim.topology;

import org.jspecify.annotations.NullMarked;
