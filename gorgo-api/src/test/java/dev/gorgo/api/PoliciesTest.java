package dev.gorgo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PoliciesTest {

  @Test
  void findsRegisteredProviderByName() {
    assertThat(Policies.names()).contains("test-first");
    assertThat(Policies.provider("test-first")).isInstanceOf(FirstEndpointPolicyProvider.class);
    assertThat(Policies.create("test-first").name()).isEqualTo("test-first");
  }

  /** The original system silently fell back to gorgo for an unknown name. */
  @Test
  void unknownPolicyNameIsRejectedWithTheKnownNames() {
    assertThatThrownBy(() -> Policies.create("gorgoo"))
        .isInstanceOf(UnknownPolicyException.class)
        .hasMessageContaining("unknown routing policy 'gorgoo'")
        .hasMessageContaining("test-first")
        .satisfies(
            e -> assertThat(((UnknownPolicyException) e).knownNames()).contains("test-first"));
  }

  @Test
  void passesTypedParametersToTheProvider() {
    RoutingPolicy policy = Policies.create("test-first", Map.of("offset", "1"));
    assertThat(policy.decide(null, new FixedView(3))).isEqualTo(Decision.route(1));
    assertThat(policy.decide(null, new FixedView(1))).isEqualTo(Decision.Reject.NO_ENDPOINTS);
  }

  @Test
  void rejectsUnknownOrMalformedParameters() {
    assertThatThrownBy(() -> Policies.create("test-first", Map.of("ofset", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown parameter 'ofset'")
        .hasMessageContaining("known: offset");
    assertThatThrownBy(() -> Policies.create("test-first", Map.of("offset", "one")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'offset' must be int, got 'one'");
  }

  /** A minimal view: n endpoints, no state needed by the test policy. */
  private record FixedView(int size) implements ClusterView {
    @Override
    public Endpoint endpoint(int index) {
      return Endpoint.of("e" + index, java.net.URI.create("http://127.0.0.1:1"), "r");
    }

    @Override
    public EndpointState state(int index) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int matchedSymbols(int index) {
      return 0;
    }

    @Override
    public int localIndex() {
      return -1;
    }

    @Override
    public long nowNanos() {
      return 0;
    }

    @Override
    public CostBreakdown costs() {
      throw new UnsupportedOperationException();
    }
  }
}
