package dev.gorgo.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ReplicaMetricsTest {

  private static Map<String, String> types(String exposition) {
    Map<String, String> types = new TreeMap<>();
    exposition
        .lines()
        .filter(l -> l.startsWith("# TYPE "))
        .map(l -> l.substring("# TYPE ".length()).split(" "))
        .forEach(p -> types.put(p[0], p[1]));
    return types;
  }

  @Test
  void formatsNumbersAsPrometheusClientDoes() {
    assertThat(ReplicaMetrics.format(162)).isEqualTo("162.0");
    assertThat(ReplicaMetrics.format(0.28)).isEqualTo("0.28");
    assertThat(ReplicaMetrics.format(8.128902e24)).isEqualTo("8.128902e+24");
    assertThat(ReplicaMetrics.format(1.5e-7)).isEqualTo("1.5e-07");
    assertThat(ReplicaMetrics.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }

  @Test
  void everySampleHasATypeAndHistogramsAreCumulative() {
    ReplicaMetrics m = new ReplicaMetrics("m", 1000, 16);
    m.gauges(3, 2, 0.5);
    m.firstToken(0.15);
    m.firstToken(3.0);
    m.finished(100, 48, 10, 1.0);
    String text = m.render();
    Map<String, String> types = types(text);
    text.lines()
        .filter(l -> !l.startsWith("#"))
        .forEach(
            l -> {
              String name = l.substring(0, l.indexOf('{'));
              String family = name.replaceAll("_(bucket|sum|count)$", "");
              assertThat(types).as(l).containsKey(types.containsKey(name) ? name : family);
            });
    assertThat(text)
        .contains(
            "sglang:num_used_tokens{model_name=\"m\",engine_type=\"unified\",tp_rank=\"0\",pp_rank=\"0\"} 500.0");
    assertThat(text)
        .contains(
            "sglang:time_to_first_token_seconds_bucket{le=\"0.2\",model_name=\"m\",engine_type=\"unified\"} 1.0");
    assertThat(text)
        .contains(
            "sglang:time_to_first_token_seconds_bucket{le=\"4.0\",model_name=\"m\",engine_type=\"unified\"} 2.0");
    assertThat(text)
        .contains(
            "sglang:time_to_first_token_seconds_count{model_name=\"m\",engine_type=\"unified\"} 2.0");
    assertThat(text)
        .contains("sglang:cached_tokens_total{model_name=\"m\",engine_type=\"unified\"} 48.0");
  }

  @Test
  void namesAndTypesMatchTheRealSglangSample() throws IOException {
    String shared = System.getProperty("gorgo.shared.dir");
    Path sample = shared == null ? null : Path.of(shared, "fixtures", "sglang-metrics-sample.txt");
    Assumptions.assumeTrue(
        sample != null && Files.isReadable(sample), "SGLang metrics sample absent; skipping");
    Map<String, String> real = types(Files.readString(sample));
    Map<String, String> ours = types(new ReplicaMetrics("m", 1000, 16).render());
    // Every family both expose has the same type; the router-relevant ones are all there.
    ours.forEach(
        (name, type) -> {
          if (real.containsKey(name)) {
            assertThat(type).as(name).isEqualTo(real.get(name));
          }
        });
    assertThat(ours)
        .containsKeys(
            "sglang:num_running_reqs",
            "sglang:num_queue_reqs",
            "sglang:token_usage",
            "sglang:num_used_tokens",
            "sglang:gen_throughput",
            "sglang:cache_hit_rate",
            "sglang:prompt_tokens_total",
            "sglang:generation_tokens_total",
            "sglang:time_to_first_token_seconds",
            "sglang:e2e_request_latency_seconds");
    assertThat(real.keySet().stream().filter(ours::containsKey).count()).isGreaterThanOrEqualTo(10);
  }
}
