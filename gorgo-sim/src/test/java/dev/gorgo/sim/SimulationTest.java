package dev.gorgo.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gorgo.sim.engine.EngineProfile;
import dev.gorgo.sim.topology.Topology;
import dev.gorgo.sim.workload.SyntheticChat;
import dev.gorgo.sim.workload.TraceRequest;
import dev.gorgo.sim.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {
  /** Two regions 80 ms apart; router in "a"; every client in "b". */
  static final Topology TWO =
      new Topology(
          "two", List.of("a", "b"), new double[][] {{2, 80}, {80, 2}}, "a", new double[] {0, 1});

  static final EngineProfile ENGINE =
      new EngineProfile("t", 0.1, 10, 5, 0.5, 16, 200_000, 16, 4096);

  static Workload chat(double seconds) {
    return SyntheticChat.generate(SyntheticChat.Config.defaults(3).withDurationSeconds(seconds));
  }

  static TraceRequest request(String id, long atMs, int[] segments, int[] lengths, int out) {
    return new TraceRequest(id, atMs * 1_000_000L, segments, lengths, out, -1, id, 1, null);
  }

  @Test
  void aLoneRequestsTtftIsBothRoundTripsPlusPrefill() {
    Workload one =
        new Workload("one", List.of(request("r", 0, new int[] {1}, new int[] {1000}, 5)));
    SimulationConfig c =
        SimulationConfig.builder(one)
            .topology(TWO)
            .replicasPerRegion(1)
            .profile(ENGINE)
            .policies(List.of("round-robin", "nearest-region"))
            .build();
    SimulationReport report = Simulation.run(c);
    RequestRecord rr = report.result("round-robin").requestRecords().get(0);
    // client b -> router a: 80 ms; router a -> replica a-0: 2 ms; prefill 10 + 0.1 x 1000 ms.
    assertThat(rr.endpoint()).isEqualTo("a-0");
    assertThat(rr.ttftMs()).isCloseTo(80 + 2 + 110, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(rr.networkMs()).isEqualTo(82);
    // 4 decode steps of one sequence after the first token: 4 x 5.5 ms.
    assertThat(rr.e2eMs() - rr.ttftMs()).isCloseTo(22, org.assertj.core.data.Offset.offset(1e-6));
    // nearest-region sends the b client to b-0: 80 ms there and back from the router.
    RequestRecord near = report.result("nearest-region").requestRecords().get(0);
    assertThat(near.endpoint()).isEqualTo("b-0");
    assertThat(near.ttftMs()).isCloseTo(80 + 80 + 110, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(report.result("nearest-region").crossRegionShare()).isZero();
    assertThat(report.result("round-robin").crossRegionShare()).isEqualTo(1);
  }

  @Test
  void distributedRoutersSitBesideTheReplicasOfTheClientsRegion() {
    Workload one =
        new Workload("one", List.of(request("r", 0, new int[] {1}, new int[] {1000}, 5)));
    SimulationConfig c =
        SimulationConfig.builder(one)
            .topology(TWO)
            .replicasPerRegion(1)
            .profile(ENGINE)
            .distributed(true)
            .policies(List.of("gorgo-local", "round-robin"))
            .build();
    SimulationReport report = Simulation.run(c);
    // The client in b sends to the router beside b-0 (2 ms), which keeps the request local.
    RequestRecord local = report.result("gorgo-local").requestRecords().get(0);
    assertThat(local.endpoint()).isEqualTo("b-0");
    assertThat(local.ttftMs()).isCloseTo(2 + 2 + 110, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(local.networkMs()).isEqualTo(4);
    // round-robin from that router starts with a-0: 2 ms to the router, 80 ms on to a-0.
    RequestRecord rr = report.result("round-robin").requestRecords().get(0);
    assertThat(rr.endpoint()).isEqualTo("a-0");
    assertThat(rr.ttftMs()).isCloseTo(2 + 80 + 110, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(report.json()).contains("\"distributed\" : true");
  }

  @Test
  void sameConfigurationSameResults() {
    SimulationConfig c =
        SimulationConfig.builder(chat(120))
            .topology(Topology.named("paper-v2"))
            .profile(ENGINE)
            .policies(List.of("gorgo", "random", "oracle"))
            .rateScale(3)
            .seed(5)
            .threads(2)
            .build();
    SimulationConfig distributed =
        SimulationConfig.builder(chat(60))
            .profile(ENGINE)
            .policies(List.of("gorgo-local", "oracle"))
            .distributed(true)
            .build();
    for (String p : distributed.policies()) {
      assertThat(Simulation.run(distributed).result(p).requestRecords())
          .isEqualTo(Simulation.run(distributed).result(p).requestRecords());
    }
    SimulationReport a = Simulation.run(c);
    SimulationReport b = Simulation.run(c);
    for (String p : c.policies()) {
      assertThat(b.result(p).requestRecords()).isEqualTo(a.result(p).requestRecords());
      assertThat(b.result(p).ttftP99Ms()).isEqualTo(a.result(p).ttftP99Ms());
    }
    assertThat(strip(b.json())).isEqualTo(strip(a.json()));
  }

  private static String strip(String json) {
    return json.replaceAll("\"wallMillis\" : \\d+", "\"wallMillis\" : 0");
  }

  @Test
  void everyRequestIsAccountedFor() {
    SimulationConfig c =
        SimulationConfig.builder(chat(300))
            .profile(ENGINE)
            .policies(List.of("least-load", "prefix-tree", "session-affinity"))
            .rateScale(4)
            .build();
    for (PolicyResult r : Simulation.run(c).results()) {
      assertThat(r.requests()).isEqualTo(c.workload().requests().size());
      assertThat(r.completed() + r.failures().values().stream().mapToInt(i -> i).sum())
          .isEqualTo(r.requests());
      assertThat(Arrays.stream(r.requestsPerEndpoint()).sum()).isEqualTo(r.completed());
      assertThat(r.ttftP50Ms()).isLessThanOrEqualTo(r.ttftP90Ms());
      assertThat(r.ttftP90Ms()).isLessThanOrEqualTo(r.ttftP99Ms());
      assertThat(r.cacheHitRatio()).isBetween(0.0, 1.0);
      assertThat(r.regionLoad().timesSeconds()).isNotEmpty();
    }
  }

  @Test
  void theOracleFollowsTheTrueCache() {
    // 40 requests 2 s apart sharing a 3,000-token prefix: on an idle cluster the replica that
    // holds the prefix is always cheapest, so the oracle keeps them together.
    List<TraceRequest> rs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rs.add(request("r" + i, 2000L * i, new int[] {7, 100 + i}, new int[] {3000, 200}, 4));
    }
    SimulationConfig c =
        SimulationConfig.builder(new Workload("shared", rs))
            .topology(TWO.withClientWeights(new double[] {1, 0}))
            .replicasPerRegion(2)
            .profile(ENGINE)
            .policies(List.of("oracle", "round-robin"))
            .build();
    SimulationReport report = Simulation.run(c);
    PolicyResult oracle = report.result("oracle");
    assertThat(oracle.requestsPerEndpoint()).contains(40L);
    assertThat(oracle.cacheHitRatio()).isGreaterThan(report.result("round-robin").cacheHitRatio());
    assertThat(oracle.ttftMeanMs()).isLessThan(report.result("round-robin").ttftMeanMs());
  }

  @Test
  void waitersTimeOutInTheAdmissionQueueAndTheRunEnds() {
    List<TraceRequest> rs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rs.add(request("r" + i, 0, new int[] {i}, new int[] {20_000}, 50));
    }
    SimulationConfig c =
        SimulationConfig.builder(new Workload("burst", rs))
            .topology(TWO)
            .replicasPerRegion(1)
            .profile(ENGINE)
            .maxRunningGate(1)
            .admission(100, Duration.ofSeconds(5))
            .policies(List.of("least-load"))
            .build();
    PolicyResult r = Simulation.run(c).result("least-load");
    assertThat(r.failures()).containsKey("QUEUE_TIMEOUT");
    assertThat(r.completed()).isPositive().isLessThan(30);
  }

  @Test
  void requestsTooLargeForTheEngineFailWithoutStoppingTheRun() {
    Workload w =
        new Workload(
            "big",
            List.of(
                request("huge", 0, new int[] {1}, new int[] {300_000}, 5),
                request("ok", 10, new int[] {2}, new int[] {100}, 5)));
    SimulationConfig c =
        SimulationConfig.builder(w).profile(ENGINE).policies(List.of("round-robin")).build();
    PolicyResult r = Simulation.run(c).result("round-robin");
    assertThat(r.failures()).containsEntry("ENGINE_REFUSED", 1);
    assertThat(r.completed()).isEqualTo(1);
  }

  @Test
  void unknownPoliciesAreRefusedBeforeRunning() {
    SimulationConfig c =
        SimulationConfig.builder(chat(10)).policies(List.of("gorgo", "no-such-policy")).build();
    assertThatThrownBy(() -> Simulation.run(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-policy")
        .hasMessageContaining("least-load");
  }
}
