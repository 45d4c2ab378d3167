package dev.gorgo.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gorgo.sglang.FlushResult;
import dev.gorgo.sglang.ServerInfo;
import dev.gorgo.sglang.SglangClient;
import dev.gorgo.sglang.SglangMetrics;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The project's own SGLang client reads the emulator as it reads SGLang: capacities, load gauges,
 * flush refusal, readiness and round trips.
 */
class AdapterCompatibilityTest {

  @Test
  void sglangClientUnderstandsTheEmulator() throws Exception {
    try (EmulatorCluster c =
            Emulator.start(
                EmulatorConfig.builder()
                    .replica("adapter-0", "local", Duration.ofMillis(15))
                    .maxRunning(1)
                    .timeScale(1)
                    .build());
        // generous probe timeout: the build machine is shared and may stall for seconds
        SglangClient client =
            SglangClient.builder()
                .probeTimeout(Duration.ofSeconds(20))
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        RawStream busy =
            new RawStream(
                c.replica(0).baseUri(),
                "/generate",
                "{\"input_ids\":[1,2,3],\"sampling_params\":{\"max_new_tokens\":5000},\"stream\":true}");
        RawStream waiting =
            new RawStream(
                c.replica(0).baseUri(),
                "/generate",
                "{\"input_ids\":[4,5,6],\"sampling_params\":{\"max_new_tokens\":5000},\"stream\":true}")) {
      URI base = c.replica(0).baseUri();
      ServerInfo info = client.serverInfo(base);
      assertThat(info.maxRunningRequests()).isEqualTo(1);
      assertThat(info.maxTotalNumTokens()).isEqualTo(420_000);
      assertThat(info.pageSize()).isEqualTo(16);
      assertThat(info.servedModelName()).isEqualTo("gorgo-emulated-7b");

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                SglangMetrics m = client.metrics(base);
                assertThat(m.runningRequests()).isEqualTo(1);
                assertThat(m.queuedRequests()).isEqualTo(1);
                assertThat(m.kvUsage()).isPositive();
                assertThat(m.maxTotalTokens()).isEqualTo(420_000);
              });
      assertThat(client.flushCache(base)).isEqualTo(FlushResult.REFUSED_BUSY);
      assertThat(client.ready(base)).isTrue();
      assertThat(client.rttMillis(base)).isGreaterThanOrEqualTo(30.0);

      busy.close();
      waiting.close();
      await().atMost(Duration.ofSeconds(20)).until(() -> c.replica(0).stats().running() == 0);
      assertThat(client.flushCache(base)).isEqualTo(FlushResult.FLUSHED);
    }
  }
}
