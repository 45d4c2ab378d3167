package dev.gorgo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static final URI URI_ = URI.create("http://127.0.0.1:30000");

  @Test
  void endpointValidatesAndCopiesLabels() {
    Map<String, String> labels = new HashMap<>(Map.of("gpu", "h100"));
    Endpoint e = new Endpoint("a", URI_, "us-west", labels, 8, 1000);
    labels.put("gpu", "a100");
    assertThat(e.labels()).containsEntry("gpu", "h100");
    assertThat(Endpoint.of("a", URI_, "us-west").maxRunning())
        .isEqualTo(Endpoint.DEFAULT_MAX_RUNNING);
    assertThat(e.withCapacity(32, 5000)).extracting(Endpoint::maxRunning).isEqualTo(32);
    assertThatThrownBy(() -> Endpoint.of(" ", URI_, "r")).hasMessageContaining("id");
    assertThatThrownBy(() -> Endpoint.of("a", URI_, "")).hasMessageContaining("region");
    assertThatThrownBy(() -> new Endpoint("a", URI_, "r", Map.of(), 0, 0))
        .hasMessageContaining("maxRunning must be >= 1");
    assertThatThrownBy(() -> new Endpoint("a", URI_, "r", Map.of(), 1, -1))
        .hasMessageContaining("kvCapacityTokens");
  }

  @Test
  void promptKeyConvertsSymbolsToTokensAndNeverPrintsContent() {
    PromptKey chars = PromptKey.wrap(new int[] {'s', 'e', 'c', 'r', 'e', 't', '!', '!'}, 0.25);
    assertThat(chars.length()).isEqualTo(8);
    assertThat(chars.estimatedTokens()).isEqualTo(2);
    assertThat(chars.toTokens(6)).isEqualTo(2); // 1.5 rounds half up
    assertThat(chars.toString()).doesNotContain("115").contains("8 symbols");
    assertThat(chars)
        .isEqualTo(PromptKey.wrap(new int[] {'s', 'e', 'c', 'r', 'e', 't', '!', '!'}, 0.25));
    assertThat(chars).isNotEqualTo(PromptKey.wrap(new int[] {'s'}, 0.25));
    assertThat(PromptKey.empty().length()).isZero();
    assertThatThrownBy(() -> PromptKey.wrap(new int[0], 0)).hasMessageContaining("tokensPerSymbol");
    assertThatThrownBy(() -> PromptKey.wrap(new int[0], Double.POSITIVE_INFINITY))
        .hasMessageContaining("tokensPerSymbol");
  }

  @Test
  void routingRequestValidatesAndCopies() {
    PromptKey key = PromptKey.wrap(new int[] {1, 2, 3, 4}, 1.0);
    RoutingRequest r = RoutingRequest.of("r1", key, 42);
    assertThat(r.promptTokens()).isEqualTo(4);
    assertThat(r.withClientRegion("eu").clientRegion()).isEqualTo("eu");
    assertThat(r.withSessionKey("u1").sessionKey()).isEqualTo("u1");
    assertThat(r.hops()).isZero();
    assertThatThrownBy(() -> new RoutingRequest("r", key, -1, null, null, 0, 0))
        .hasMessageContaining("promptTokens");
    assertThatThrownBy(() -> new RoutingRequest("r", key, 1, null, null, 0, -1))
        .hasMessageContaining("hops");
  }

  @Test
  void routeDecisionsAreCachedForSmallIndexes() {
    assertThat(Decision.route(3)).isSameAs(Decision.route(3));
    assertThat(Decision.route(5000)).isEqualTo(new Decision.Route(5000));
    assertThatThrownBy(() -> Decision.route(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parametersApplyDefaultsAndTypes() {
    var declared =
        java.util.List.of(
            PolicyParameter.ofDouble("t_p", 0.094, "ms per token"),
            PolicyParameter.ofBoolean("tune", false, "online tuning"),
            new PolicyParameter("mode", PolicyParameter.Type.STRING, "x", "text"));
    PolicyParameters p = PolicyParameters.of(declared, Map.of("tune", "TRUE"));
    assertThat(p.getDouble("t_p")).isEqualTo(0.094);
    assertThat(p.getBoolean("tune")).isTrue();
    assertThat(p.getString("mode")).isEqualTo("x");
    assertThat(p.asText()).containsKeys("t_p", "tune", "mode");
    assertThatThrownBy(() -> p.getInt("t_p")).hasMessageContaining("no int parameter 't_p'");
    assertThatThrownBy(() -> PolicyParameters.of(declared, Map.of("t_p", "NaN")))
        .hasMessageContaining("must be double");
    assertThatThrownBy(() -> PolicyParameters.of(declared, Map.of("tune", "yes")))
        .hasMessageContaining("must be boolean");
    assertThatThrownBy(() -> PolicyParameter.ofInt("x", 1, "d").parse("1.5"))
        .hasMessageContaining("must be int");
  }

  @Test
  void snapshotCopiesState() {
    EndpointState s =
        new EndpointState.Snapshot(12.5, 2, 1, 300, 100, 5, 1, 0.5, 10, Health.HEALTHY, true);
    assertThat(s.snapshot()).isSameAs(s);
    assertThat(s.running()).isEqualTo(5);
    EndpointState routerOnly =
        new EndpointState.Snapshot(
            Double.NaN, 2, 1, 0, 0, -1, -1, Double.NaN, Long.MAX_VALUE, Health.UNKNOWN, true);
    assertThat(routerOnly.running()).isEqualTo(3);
  }
}
