package dev.gorgo.jmh.policies;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.PromptKey;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.router.Lease;
import dev.gorgo.router.RejectedException;
import dev.gorgo.router.Router;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one routing decision through the {@link Router} facade, including the lease: {@code
 * route} (trie match for prefix-aware policies, policy, capacity acquisition, dispatch-time trie
 * insert, lease allocation), then {@code accepted()} and {@code close()} (release).
 *
 * <p>The trie is warm: 100,000 prompts (64 shared 1,024-symbol system prompts, each followed by a
 * 128-symbol conversation) spread over the endpoints, plus {@code probes} long conversations of
 * 16,384 symbols that the benchmark routes, round-robin. Endpoints have RTTs, engine-reported load
 * and enough capacity never to queue, so every decision routes. Compares {@code gorgo}, {@code
 * prefix-tree}, {@code least-load} and {@code cache-aware} at 4 / 16 / 64 / 256 endpoints.
 *
 * <p>Run (latency percentiles and allocation per decision):
 *
 * <pre>
 * java -jar gorgo-jmh/target/benchmarks.jar RoutingDecisionBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RoutingDecisionBenchmark {
  static final int WARM_PROMPTS = 100_000;
  static final int FAMILIES = 64;
  static final int SYSTEM_PROMPT = 1_024;
  static final int CONVERSATION = 128;
  static final int PROBE_LENGTH = 16_384;

  @Param({"gorgo", "prefix-tree", "least-load", "cache-aware"})
  public String policy;

  @Param({"4", "16", "64", "256"})
  public int endpoints;

  /**
   * Distinct 16K-symbol prompts cycled through: 1,024 (64 MiB of keys, far beyond the CPU caches,
   * so each decision streams its key and the trie edge from memory) or 8 (cache-resident, which
   * isolates the CPU cost).
   */
  @Param({"1024"})
  public int probes;

  private Router router;
  private RoutingRequest[] requests;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws RejectedException {
    List<Endpoint> list = new ArrayList<>();
    for (int i = 0; i < endpoints; i++) {
      list.add(
          new Endpoint(
              "e" + i,
              URI.create("http://127.0.0.1:" + (20000 + i)),
              "r" + (i % 8),
              Map.of(),
              1_000_000,
              0));
    }
    router =
        Router.builder()
            .policy(policy, Map.of())
            .endpoints(list)
            .manualExpiry()
            .maxEndpoints(256)
            .trieCaps(1L << 40, 1L << 42)
            .engineLoadMaxAge(Duration.ofDays(1))
            .build();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < endpoints; i++) {
      router.updateRtt("e" + i, 5 + random.nextInt(200));
      router.updateEngineLoad("e" + i, random.nextInt(8), random.nextInt(3), 0.3);
    }
    int[][] systemPrompts = new int[FAMILIES][];
    for (int f = 0; f < FAMILIES; f++) {
      systemPrompts[f] = randomSymbols(random, SYSTEM_PROMPT);
    }
    // warm the trie through the router, as dispatches would
    for (int p = 0; p < WARM_PROMPTS; p++) {
      int[] key = concat(systemPrompts[p % FAMILIES], randomSymbols(random, CONVERSATION));
      serve(RoutingRequest.of("w" + p, PromptKey.wrap(key, 1.0), 0));
    }
    requests = new RoutingRequest[probes];
    for (int p = 0; p < probes; p++) {
      int[] key =
          concat(systemPrompts[p % FAMILIES], randomSymbols(random, PROBE_LENGTH - SYSTEM_PROMPT));
      requests[p] = RoutingRequest.of("p" + p, PromptKey.wrap(key, 1.0), 0);
      serve(requests[p]);
    }
  }

  private void serve(RoutingRequest r) throws RejectedException {
    Lease lease = router.route(r);
    lease.accepted();
    lease.close();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    router.close();
  }

  /** One decision including its lease: route, accepted, release. */
  @Benchmark
  public Lease routeAndRelease() throws RejectedException {
    RoutingRequest r = requests[next++ & (probes - 1)];
    Lease lease = router.route(r);
    lease.accepted();
    lease.close();
    return lease;
  }

  static int[] randomSymbols(SplittableRandom random, int n) {
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = random.nextInt();
    }
    return s;
  }

  static int[] concat(int[] a, int[] b) {
    int[] s = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, s, a.length, b.length);
    return s;
  }
}
