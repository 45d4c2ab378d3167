package dev.gorgo.policies;

import static dev.gorgo.policies.FakeView.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gorgo.api.Decision;
import dev.gorgo.api.Health;
import dev.gorgo.api.Policies;
import dev.gorgo.api.PromptKey;
import dev.gorgo.api.RoutingPolicy;
import dev.gorgo.api.RoutingRequest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario tests that show each policy's character on small hand-built clusters. The recurring
 * scenario: a near replica (5 ms) with a cold cache and a far replica (150 ms) that holds 90% of
 * the prompt.
 */
class PolicyCharacterTest {
  static final int NEAR_RTT = 5;
  static final int FAR_RTT = 150;

  static RoutingRequest request(int tokens) {
    return RoutingRequest.of("q", PromptKey.wrap(new int[tokens], 1.0), 0)
        .withClientRegion("near-region");
  }

  /** Index 0: far and warm (90% of a {@code tokens}-token prompt); index 1: near and cold. */
  static FakeView nearColdFarWarm(int tokens, double farRtt) {
    FakeView v = new FakeView();
    v.add("far", "far-region", farRtt, tokens * 9 / 10);
    v.add("near", "near-region", NEAR_RTT, 0);
    return v;
  }

  static int route(RoutingPolicy p, RoutingRequest r, FakeView v) {
    Decision d = p.decide(r, v);
    assertThat(d).isInstanceOf(Decision.Route.class);
    return ((Decision.Route) d).index();
  }

  static RoutingPolicy policy(String name) {
    return Policies.create(name, Map.of());
  }

  @Nested
  class Gorgo {
    final RoutingPolicy gorgo = policy("gorgo");

    @Test
    void longPromptGoesToTheFarReplicaThatCachesIt() {
      // near: 5 + 0.094 * 4000 = 381 ms; far: 150 + 0.094 * 400 = 187.6 ms
      FakeView v = nearColdFarWarm(4000, FAR_RTT);
      assertThat(route(gorgo, request(4000), v)).isZero();
      assertThat(v.costs().totalMillis(0)).isCloseTo(187.6, within());
      assertThat(v.costs().totalMillis(1)).isCloseTo(381.0, within());
      assertThat(v.costs().prefillMillis(0)).isCloseTo(37.6, within());
    }

    @Test
    void flipsToTheNearReplicaWhenTheFarRttGrows() {
      // far: 400 + 37.6 = 437.6 ms > near 381 ms
      assertThat(route(gorgo, request(4000), nearColdFarWarm(4000, 400))).isOne();
    }

    @Test
    void flipsToTheNearReplicaWhenThePromptIsShort() {
      // near: 5 + 37.6 = 42.6 ms; far: 150 + 3.76 = 153.76 ms
      assertThat(route(gorgo, request(400), nearColdFarWarm(400, FAR_RTT))).isOne();
    }

    @Test
    void queuedWorkAtTheWarmReplicaOutweighsItsCache() {
      FakeView v = nearColdFarWarm(4000, FAR_RTT);
      // 3 requests of 1000 tokens waiting for their first token at the far replica: +282 ms
      v.set(0, state(FAR_RTT, 3, 3000, 0, 0, true, Health.HEALTHY));
      assertThat(route(gorgo, request(4000), v)).isOne();
      assertThat(v.costs().loadMillis(0)).isCloseTo(282.0, within());
    }

    @Test
    void runningWorkIsDiscountedByQHat() {
      FakeView v = nearColdFarWarm(4000, FAR_RTT);
      v.set(0, state(FAR_RTT, 0, 0, 3, 3000, true, Health.HEALTHY));
      route(gorgo, request(4000), v);
      assertThat(v.costs().loadMillis(0)).isCloseTo(0.094 * 0.5 * 3000, within());
      v.clearCosts();
      RoutingPolicy noDiscount = Policies.create("gorgo", Map.of("q_hat", "1"));
      route(noDiscount, request(4000), v);
      assertThat(v.costs().loadMillis(0)).isCloseTo(0.094 * 3000, within());
    }

    @Test
    void weightsScaleTheirTerms() {
      RoutingPolicy rttHeavy = Policies.create("gorgo", Map.of("w_rtt", "3"));
      // far: 450 + 37.6 > near: 15 + 376
      assertThat(route(rttHeavy, request(4000), nearColdFarWarm(4000, FAR_RTT))).isOne();
    }

    @Test
    void ineligibleReplicasAreSkippedAndGetNoCost() {
      FakeView v = nearColdFarWarm(4000, FAR_RTT);
      v.set(0, state(FAR_RTT, 10, 0, 0, 0, false, Health.HEALTHY));
      assertThat(route(gorgo, request(4000), v)).isOne();
      assertThat(v.costs().has(0)).isFalse();
    }
  }

  @Test
  void prefixTreeFollowsTheCacheWhateverTheRtt() {
    assertThat(route(policy("prefix-tree"), request(400), nearColdFarWarm(400, 400))).isZero();
  }

  @Test
  void prefixTreeFallsBackToLeastLoadBelowItsThreshold() {
    FakeView v = nearColdFarWarm(1000, FAR_RTT);
    v.setMatched(0, 50); // 5% < min_match 10%
    v.set(0, state(FAR_RTT, 1, 100, 0, 0, true, Health.HEALTHY));
    assertThat(route(policy("prefix-tree"), request(1000), v)).isOne();
    RoutingPolicy anyMatch = Policies.create("prefix-tree", Map.of("min_match", "0.01"));
    assertThat(route(anyMatch, request(1000), v)).isZero();
  }

  @Test
  void leastLoadIgnoresTheCache() {
    FakeView v = nearColdFarWarm(4000, FAR_RTT);
    v.set(0, state(FAR_RTT, 1, 100, 0, 0, true, Health.HEALTHY));
    assertThat(route(policy("least-load"), request(4000), v)).isOne();
  }

  @Test
  void cacheAwareFollowsTheCacheWhileBalanced() {
    assertThat(route(policy("cache-aware"), request(4000), nearColdFarWarm(4000, 400))).isZero();
  }

  @Test
  void cacheAwareSwitchesToShortestQueueWhenImbalanced() {
    RoutingPolicy p =
        Policies.create(
            "cache-aware", Map.of("balance_abs_threshold", "4", "balance_rel_threshold", "1.5"));
    FakeView v = nearColdFarWarm(4000, FAR_RTT);
    v.set(0, state(FAR_RTT, 5, 500, 0, 0, true, Health.HEALTHY)); // 5 - 0 > 4 and 5 > 1.5 * 0
    assertThat(route(p, request(4000), v)).isOne();
    v.set(0, state(FAR_RTT, 4, 500, 0, 0, true, Health.HEALTHY)); // 4 - 0 is not > 4: balanced
    assertThat(route(p, request(4000), v)).isZero();
  }

  @Test
  void cacheAwareNeedsAMatchRateAboveItsThreshold() {
    FakeView v = nearColdFarWarm(1000, FAR_RTT);
    v.setMatched(0, 300); // exactly 0.3 is not above 0.3
    v.set(0, state(FAR_RTT, 1, 100, 0, 0, true, Health.HEALTHY));
    assertThat(route(policy("cache-aware"), request(1000), v)).isOne();
    v.setMatched(0, 301);
    assertThat(route(policy("cache-aware"), request(1000), v)).isZero();
  }

  @Test
  void nearestRegionPrefersTheClientsRegionThenRtt() {
    assertThat(route(policy("nearest-region"), request(4000), nearColdFarWarm(4000, 1))).isOne();
    FakeView v = nearColdFarWarm(4000, FAR_RTT);
    RoutingRequest unknownRegion = request(10).withClientRegion("elsewhere");
    assertThat(route(policy("nearest-region"), unknownRegion, v)).isOne(); // lower RTT
  }

  @Test
  void roundRobinTakesEligibleEndpointsInTurn() {
    FakeView v = new FakeView();
    for (int i = 0; i < 3; i++) {
      v.add("e" + i, "r", 1, 0);
    }
    v.set(1, state(1, 10, 0, 0, 0, false, Health.HEALTHY));
    RoutingPolicy rr = policy("round-robin");
    int[] seen = new int[3];
    for (int k = 0; k < 30; k++) {
      seen[route(rr, request(1), v)]++;
    }
    assertThat(seen[1]).isZero();
    assertThat(seen[0]).isGreaterThanOrEqualTo(10);
    assertThat(seen[2]).isGreaterThanOrEqualTo(10);
  }

  @Test
  void seededRandomRepeatsAndStaysOnEligibleEndpoints() {
    FakeView v = new FakeView();
    for (int i = 0; i < 8; i++) {
      v.add("e" + i, "r", 1, 0);
    }
    v.set(3, state(1, 0, 0, 0, 0, false, Health.UNHEALTHY));
    for (String name : new String[] {"random", "power-of-two"}) {
      RoutingPolicy a = Policies.create(name, Map.of("seed", "42"));
      RoutingPolicy b = Policies.create(name, Map.of("seed", "42"));
      Set<Integer> chosen = new HashSet<>();
      for (int k = 0; k < 200; k++) {
        int x = route(a, request(1), v);
        assertThat(route(b, request(1), v)).isEqualTo(x);
        chosen.add(x);
      }
      assertThat(chosen).doesNotContain(3).hasSizeGreaterThan(3);
    }
  }

  @Test
  void powerOfTwoPicksTheLessLoadedOfTwo() {
    FakeView v = new FakeView();
    v.add("busy", "r", state(1, 5, 500, 0, 0, true, Health.HEALTHY), 0);
    v.add("idle", "r", 1, 0);
    RoutingPolicy p = Policies.create("power-of-two", Map.of("seed", "7"));
    for (int k = 0; k < 20; k++) {
      assertThat(route(p, request(1), v)).isOne();
    }
  }

  @Test
  void sessionAffinityIsStickyConsistentAndBounded() {
    FakeView v = new FakeView();
    for (int i = 0; i < 5; i++) {
      v.add("e" + i, "r", 1, 0);
    }
    RoutingPolicy p = policy("session-affinity");
    RoutingRequest alice = request(10).withSessionKey("alice");
    int home = route(p, alice, v);
    for (int k = 0; k < 10; k++) {
      assertThat(route(p, alice, v)).isEqualTo(home);
    }
    // sessions spread over endpoints
    Set<Integer> homes = new HashSet<>();
    for (int s = 0; s < 100; s++) {
      homes.add(route(p, request(10).withSessionKey("user-" + s), v));
    }
    assertThat(homes).hasSize(5);
    // load bound: the home endpoint far above the mean sends the session elsewhere
    v.set(home, state(1, 8, 800, 0, 0, true, Health.HEALTHY));
    assertThat(route(p, alice, v)).isNotEqualTo(home);
    // consistency: removing another endpoint does not move the session
    FakeView fewer = new FakeView();
    for (int i = 0; i < 5; i++) {
      if (i != (home + 1) % 5) {
        fewer.add("e" + i, "r", 1, 0);
      }
    }
    int homeInFewer = fewer.indexOf("e" + home);
    assertThat(route(p, alice, fewer)).isEqualTo(homeInFewer);
  }

  @Nested
  class GorgoLocal {
    final RoutingPolicy local = policy("gorgo-local");

    FakeView cluster(boolean localEligible, double peerRtt) {
      FakeView v = new FakeView();
      v.add(
          "here",
          "a",
          state(1, localEligible ? 0 : 10, 4000, 0, 0, localEligible, Health.HEALTHY),
          0);
      v.add("peer", "b", peerRtt, 3600);
      v.setLocal(0);
      return v;
    }

    @Test
    void staysLocalWhileLocalHasCapacityEvenIfAPeerIsCheaper() {
      assertThat(route(local, request(4000), cluster(true, 20))).isZero();
    }

    @Test
    void forwardsWhenLocalIsFullAndThePeerIsCheaper() {
      // local: 1 + 376 + 0.094 * 4000 (queued) = 753 ms; peer: 20 + 37.6 ms
      assertThat(route(local, request(4000), cluster(false, 20))).isOne();
    }

    @Test
    void waitsLocallyWhenThePeerIsDearer() {
      assertThat(local.decide(request(4000), cluster(false, 2000)))
          .isEqualTo(Decision.Wait.AT_CAPACITY);
    }

    @Test
    void neverForwardsARequestThatWasForwardedAlready() {
      RoutingRequest forwarded =
          new RoutingRequest("q", PromptKey.wrap(new int[4000], 1.0), 4000, null, null, 0, 1);
      assertThat(local.decide(forwarded, cluster(false, 20))).isEqualTo(Decision.Wait.AT_CAPACITY);
    }
  }

  static Iterable<String> allPolicies() {
    return Policies.names();
  }

  @ParameterizedTest
  @MethodSource("allPolicies")
  void everyPolicyWaitsWhenAllAreBusyAndRejectsWhenAllAreDown(String name) {
    RoutingPolicy p = policy(name);
    FakeView busy = new FakeView();
    busy.add("a", "r", state(1, 10, 0, 0, 0, false, Health.HEALTHY), 5);
    busy.add("b", "r", state(1, 10, 0, 0, 0, false, Health.UNKNOWN), 5);
    busy.setLocal(0);
    assertThat(p.decide(request(10).withSessionKey("s"), busy)).isInstanceOf(Decision.Wait.class);
    FakeView down = new FakeView();
    down.add("a", "r", state(1, 0, 0, 0, 0, false, Health.UNHEALTHY), 5);
    down.add("b", "r", state(1, 0, 0, 0, 0, false, Health.UNHEALTHY), 5);
    assertThat(p.decide(request(10).withSessionKey("s"), down))
        .isEqualTo(Decision.Reject.NO_ENDPOINTS);
  }

  @ParameterizedTest
  @MethodSource("allPolicies")
  void everyPolicyRoutesOnlyToEligibleEndpoints(String name) {
    RoutingPolicy p = policy(name);
    FakeView v = new FakeView();
    for (int i = 0; i < 6; i++) {
      boolean ok = i % 2 == 1;
      v.add("e" + i, "r" + i, state(10 + i, ok ? 0 : 10, 0, 0, 0, ok, Health.HEALTHY), 0);
    }
    v.setLocal(1);
    for (int k = 0; k < 50; k++) {
      int i = route(p, request(100).withSessionKey("s" + k).withClientRegion("r" + (k % 6)), v);
      assertThat(i % 2).as("%s chose %d", name, i).isOne();
    }
  }

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
