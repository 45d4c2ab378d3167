package dev.gorgo.router;

import static dev.gorgo.router.Fixtures.endpoint;
import static dev.gorgo.router.Fixtures.key;
import static dev.gorgo.router.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Outcome;
import dev.gorgo.api.PromptKey;
import dev.gorgo.api.RoutingRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The router with its real prefix trie: what is inserted, removed and matched. */
class RouterPrefixTest {
  private final ManualTicker ticker = new ManualTicker();

  private Router router(String policy, List<Endpoint> endpoints) {
    return Router.builder()
        .policy(policy, Map.of())
        .endpoints(endpoints)
        .ticker(ticker)
        .manualExpiry()
        .build();
  }

  @Test
  void gorgoRoutesAFollowUpToTheFarReplicaThatCachedItsPrefixAndFlipsWithRtt() throws Exception {
    try (Router router =
        router("gorgo", List.of(endpoint("near", "a", 10), endpoint("far", "b", 10)))) {
      router.updateRtt("near", 5);
      router.updateRtt("far", 150);
      PromptKey first = key(1, 3600, 3600);
      // Seed the far replica's cache: prefix-tree would not, so place it with a one-endpoint view.
      router.removeEndpoint("near");
      served(router.route(request(first, ticker.nanos())));
      router.addEndpoint(endpoint("near", "a", 10));
      router.updateRtt("near", 5);
      PromptKey followUp = extend(first, 400);
      try (Lease lease = router.route(request(followUp, ticker.nanos()))) {
        assertThat(lease.endpoint().id()).isEqualTo("far");
        assertThat(lease.predictedTtftMillis()).isCloseTo(150 + 0.094 * 400, offset());
      }
      for (int i = 0; i < 20; i++) {
        router.updateRtt("far", 1000); // EWMA moves towards 1000 ms
      }
      try (Lease lease = router.route(request(extend(first, 400), ticker.nanos()))) {
        assertThat(lease.endpoint().id()).isEqualTo("near");
      }
    }
  }

  @Test
  void leastLoadIgnoresTheCacheWhilePrefixTreeFollowsIt() throws Exception {
    try (Router router =
        router("prefix-tree", List.of(endpoint("a", "r", 10), endpoint("b", "r", 10)))) {
      PromptKey first = key(2, 1000, 1000);
      Lease onA = router.route(request(first, ticker.nanos()));
      assertThat(onA.endpoint().id()).isEqualTo("a");
      // a is now busier than b, but holds the prompt
      try (Lease again = router.route(request(extend(first, 10), ticker.nanos()))) {
        assertThat(again.endpoint().id()).isEqualTo("a");
      }
      router.setPolicy(dev.gorgo.api.Policies.create("least-load"));
      try (Lease again = router.route(request(extend(first, 10), ticker.nanos()))) {
        assertThat(again.endpoint().id()).isEqualTo("b");
      }
      onA.close();
    }
  }

  @Test
  void promptIsInsertedAtDispatchAndRemovedWhenNeverAccepted() throws Exception {
    try (Router router = router("prefix-tree", List.of(endpoint("a", "r", 10)))) {
      PromptKey k = key(3, 0, 500);
      Lease lease = router.route(request(k, ticker.nanos()));
      assertThat(router.status().get(0).trieSymbols()).isEqualTo(500);
      lease.complete(Outcome.FAILED); // before accepted(): counts as NOT_ACCEPTED
      assertThat(router.status().get(0).trieSymbols()).isZero();

      Lease accepted = router.route(request(k, ticker.nanos()));
      accepted.accepted();
      accepted.complete(Outcome.FAILED);
      assertThat(router.status().get(0).trieSymbols()).isEqualTo(500);

      try (Lease unreported = router.route(request(key(3, 0, 100), ticker.nanos()))) {
        assertThat(unreported.index()).isZero();
      } // close() without accepted(): NOT_ACCEPTED
      assertThat(router.status().get(0).trieSymbols()).isEqualTo(500);
    }
  }

  @Test
  void perEndpointCapFollowsKvCapacityInSymbols() throws Exception {
    Endpoint small = endpoint("a", "r", 10).withCapacity(10, 250); // 250 tokens = 1000 chars
    try (Router router = router("least-load", List.of(small))) {
      PromptKey chars = PromptKey.wrap(distinct(3000), 0.25);
      served(router.route(RoutingRequest.of("x", chars, ticker.nanos())));
      assertThat(router.status().get(0).trieSymbols()).isEqualTo(1000);
      router.updateCapacity("a", 10, 100);
      assertThat(router.status().get(0).trieSymbols()).isLessThanOrEqualTo(400);
    }
  }

  @Test
  void replicaIdsStayStableWhenOtherEndpointsComeAndGo() throws Exception {
    try (Router router =
        router(
            "prefix-tree",
            List.of(endpoint("a", "r", 10), endpoint("b", "r", 10), endpoint("c", "r", 10)))) {
      router.updateEngineLoad("a", 10, 0, 0.1); // a is full: route to b
      PromptKey k = key(4, 0, 300);
      Lease lease = router.route(request(k, ticker.nanos()));
      assertThat(lease.endpoint().id()).isEqualTo("b");
      lease.accepted();
      lease.close();
      router.removeEndpoint("a");
      router.addEndpoint(endpoint("d", "r", 10)); // reuses a's trie id, which must start empty
      List<EndpointStatus> status = router.status();
      assertThat(status).extracting(s -> s.endpoint().id()).containsExactly("b", "c", "d");
      assertThat(status.get(0).trieSymbols()).isEqualTo(300);
      assertThat(status.get(2).trieSymbols()).isZero();
      try (Lease again = router.route(request(extend(k, 5), ticker.nanos()))) {
        assertThat(again.endpoint().id()).isEqualTo("b");
      }
    }
  }

  @Test
  void clearPrefixCacheForgetsEverything() throws Exception {
    try (Router router = router("gorgo", List.of(endpoint("a", "r", 10)))) {
      Lease l = router.route(request(key(5, 0, 100), ticker.nanos()));
      l.accepted();
      l.close();
      assertThat(router.trieStats().symbolsPerReplica()[0]).isEqualTo(100);
      router.clearPrefixCache();
      assertThat(router.status().get(0).trieSymbols()).isZero();
    }
  }

  /** The replica answered and the request completed. */
  static void served(Lease lease) {
    lease.accepted();
    lease.close();
  }

  static PromptKey extend(PromptKey k, int more) {
    int[] s = java.util.Arrays.copyOf(k.symbols(), k.length() + more);
    for (int i = k.length(); i < s.length; i++) {
      s[i] = 0x7000_0000 + i;
    }
    return PromptKey.wrap(s, k.tokensPerSymbol());
  }

  static int[] distinct(int n) {
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = i + 1;
    }
    return s;
  }

  static org.assertj.core.data.Offset<Double> offset() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
