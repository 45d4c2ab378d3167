package dev.gorgo.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent clients, some of which hang up mid-stream: every request ends exactly once,
 * finished or aborted, and the engine returns to empty (no leaked slot or KV).
 */
class AccountingTest {

  @Test
  void concurrentClientsWithRandomHangUpsLeakNothing() throws Exception {
    long seed = System.nanoTime();
    System.out.println("AccountingTest seed " + seed);
    Random rnd = new Random(seed);
    int clients = 40;
    try (EmulatorCluster c =
            Emulator.start(
                EmulatorConfig.builder()
                    .replica("acct-0", "local", Duration.ofMillis(1))
                    .maxRunning(4)
                    .timeScale(20)
                    .build());
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      EmulatedReplica replica = c.replica(0);
      URI base = replica.baseUri();
      List<Future<Boolean>> outcomes = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int hangUpAfter = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(5) : -1;
        int tokens = 8 + rnd.nextInt(40);
        String prompt = "shared prefix for accounting ".repeat(1 + rnd.nextInt(8)) + i;
        String body =
            "{\"text\":\""
                + prompt
                + "\",\"sampling_params\":{\"max_new_tokens\":"
                + tokens
                + "},\"stream\":true}";
        outcomes.add(
            pool.submit(
                () -> {
                  try (RawStream s = new RawStream(base, "/generate", body)) {
                    assertThat(s.status()).isEqualTo(200);
                    int events = 0;
                    for (String e = s.nextEvent(); e != null; e = s.nextEvent()) {
                      if (e.equals("data: [DONE]")) {
                        return true;
                      }
                      if (++events == hangUpAfter) {
                        return false; // hang up
                      }
                    }
                    throw new AssertionError("stream ended without [DONE]");
                  }
                }));
      }
      int completed = 0;
      for (Future<Boolean> f : outcomes) {
        completed += f.get() ? 1 : 0;
      }
      int hungUp = clients - completed;
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                ReplicaStats s = replica.stats();
                assertThat(s.running()).isZero();
                assertThat(s.queued()).isZero();
                assertThat(s.kvUsage()).isZero();
                assertThat(s.requestsTotal() + s.abortedTotal()).isEqualTo(clients);
              });
      // A hang-up right after the last token may race the finish; it is then a normal finish.
      assertThat(replica.stats().abortedTotal()).isBetween(0L, (long) hungUp);
      assertThat(replica.stats().requestsTotal()).isGreaterThanOrEqualTo(completed);
    }
  }
}
