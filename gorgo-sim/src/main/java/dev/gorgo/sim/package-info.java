/**
 * GORGO's trace-driven cluster simulator: describe a run with a {@link
 * dev.gorgo.sim.SimulationConfig}, execute it with {@link dev.gorgo.sim.Simulation#run}, and read
 * or write the {@link dev.gorgo.sim.SimulationReport}; {@link dev.gorgo.sim.SimulatorMain} is the
 * command line. Every policy runs unchanged through the real {@link dev.gorgo.router.Router}, in
 * virtual time, against SGLang-like engine models.
 */
@NullMarked
package dev.gorgo.sim;

import org.jspecify.annotations.NullMarked;
