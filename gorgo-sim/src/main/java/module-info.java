/**
 * GORGO's trace-driven cluster simulator: an SGLang-like engine model, topologies, workloads, a
 * discrete-event simulation that runs any routing policy through the real router in virtual time,
 * and reports.
 */
module dev.gorgo.sim {
  requires transitive dev.gorgo.api;
  requires transitive dev.gorgo.policies;
  requires com.fasterxml.jackson.databind;
  requires static org.jspecify;

  exports dev.gorgo.sim;
  exports dev.gorgo.sim.engine;
  exports dev.gorgo.sim.topology;
  exports dev.gorgo.sim.workload;
}
