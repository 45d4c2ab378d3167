package dev.gorgo.router;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.PromptKey;
import dev.gorgo.api.RoutingRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Small builders for router tests. */
final class Fixtures {
  private static final AtomicLong IDS = new AtomicLong();

  private Fixtures() {}

  static Endpoint endpoint(String id, String region, int maxRunning) {
    return new Endpoint(
        id, URI.create("http://127.0.0.1:1/" + id), region, Map.of(), maxRunning, 0);
  }

  static List<Endpoint> endpoints(int n, int maxRunning) {
    List<Endpoint> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(endpoint("e" + i, "r" + i, maxRunning));
    }
    return out;
  }

  /**
   * A key of {@code length} symbols: {@code shared} symbols of family {@code family}, then unique.
   */
  static PromptKey key(int family, int shared, int length) {
    int[] s = new int[length];
    long unique = IDS.incrementAndGet();
    for (int i = 0; i < length; i++) {
      s[i] = i < shared ? family * 1_000_003 + i : (int) (unique * 7919 + i) | 0x4000_0000;
    }
    return PromptKey.wrap(s, 1.0);
  }

  static RoutingRequest request(PromptKey key, long now) {
    return RoutingRequest.of("r" + IDS.incrementAndGet(), key, now);
  }

  static RoutingRequest request(long now) {
    return request(PromptKey.empty(), now);
  }
}
