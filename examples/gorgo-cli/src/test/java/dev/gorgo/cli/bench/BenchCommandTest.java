package dev.gorgo.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorgo.cli.ExitCodes;
import dev.gorgo.cli.GorgoCommand;
import dev.gorgo.cli.bench.SseStubServer.Mode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gorgo bench} end to end against a streaming stub on loopback. Every run is bounded. */
class BenchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  SseStubServer server;

  @BeforeEach
  void start() throws IOException {
    server = new SseStubServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  record Run(int code, String out, String err) {}

  Run bench(String... extra) {
    List<String> args = new ArrayList<>(List.of("bench", "--target", server.uri().toString()));
    args.addAll(List.of("--local-only", "--quiet", "--output-dir", dir.resolve("out").toString()));
    args.addAll(List.of(extra));
    CommandLine cl = GorgoCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  JsonNode json() throws IOException {
    return JSON.readTree(dir.resolve("out").resolve(BenchReports.JSON_FILE).toFile());
  }

  @Test
  void constantRunStreamsEveryRequestAndWritesAllOutputs() throws IOException {
    Run r =
        bench(
            "--profile",
            "constant",
            "--rate",
            "50",
            "--max-requests",
            "20",
            "--max-seconds",
            "20",
            "--output-tokens",
            "5");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    JsonNode run = json().path("runs").path(0);
    assertThat(run.path("successful").asInt()).isEqualTo(20);
    assertThat(run.path("sent").asInt()).isEqualTo(20);
    assertThat(run.path("errors").size()).isZero();
    assertThat(json().path("model").asText()).isEqualTo("stub-model");
    for (JsonNode q : run.path("requests")) {
      assertThat(q.path("ttftMs").asDouble()).isPositive();
      assertThat(q.path("e2eMs").asDouble()).isGreaterThanOrEqualTo(q.path("ttftMs").asDouble());
      assertThat(q.path("endpoint").asText()).startsWith("stub-");
    }
    // every request streamed and asked for usage
    assertThat(server.bodies).hasSize(20);
    assertThat(server.bodies)
        .allSatisfy(
            b -> {
              assertThat(b.path("stream").asBoolean()).isTrue();
              assertThat(b.path("stream_options").path("include_usage").asBoolean()).isTrue();
              assertThat(b.path("model").asText()).isEqualTo("stub-model");
            });
    assertThat(r.out()).contains("constant@50/s", "TTFT p50", "Report: ");
    Path out = dir.resolve("out");
    assertThat(Files.readAllLines(out.resolve(BenchReports.REQUESTS_CSV))).hasSize(21);
    assertThat(Files.readAllLines(out.resolve(BenchReports.SUMMARY_CSV))).hasSize(2);
    String html = Files.readString(out.resolve(BenchReports.HTML_FILE));
    assertThat(html).contains("<svg", "</html>").doesNotContain("<script", "http-equiv", "src=");
  }

  @Test
  void outputTokensComeFromUsageAndItlIsMeasured() throws IOException {
    Path data = dir.resolve("p.jsonl");
    Files.writeString(data, "{\"prompt\":\"hello\",\"max_tokens\":7}\n");
    Run r = bench("--profile", "concurrent", "--concurrency", "1", "--data", data.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    JsonNode q = json().path("runs").path(0).path("requests").path(0);
    assertThat(q.path("outputTokens").asInt()).isEqualTo(7);
    assertThat(q.path("itlMs").isNumber()).isTrue();
  }

  @Test
  void promptTextNeverReachesAnyOutput() throws IOException {
    Path data = dir.resolve("secret.jsonl");
    Files.writeString(
        data,
        "{\"prompt\":\"zzsecretpromptzz one\"}\n"
            + "{\"messages\":[{\"role\":\"user\",\"content\":\"zzsecretpromptzz two\"}]}\n");
    Run r = bench("--profile", "throughput", "--data", data.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(server.bodies.toString()).contains("zzsecretpromptzz");
    assertThat(r.out() + r.err()).doesNotContain("zzsecretpromptzz");
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      for (Path f : files.toList()) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain("zzsecretpromptzz");
      }
    }
  }

  @Test
  void errorsAreCountedByKind() throws IOException {
    server.mode =
        n ->
            switch (n % 4) {
              case 1 -> Mode.HTTP_503;
              case 2 -> Mode.ERROR_EVENT;
              case 3 -> Mode.TRUNCATE;
              default -> Mode.OK;
            };
    Run r = bench("--profile", "concurrent", "--concurrency", "1", "--max-requests", "8");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    JsonNode run = json().path("runs").path(0);
    assertThat(run.path("successful").asInt()).isEqualTo(2);
    assertThat(run.path("errors").path("http_503").asInt()).isEqualTo(2);
    assertThat(run.path("errors").path("stream_error").asInt()).isEqualTo(2);
    assertThat(run.path("errors").path("truncated").asInt()).isEqualTo(2);
    assertThat(r.out()).contains("http_503=2");
  }

  @Test
  void maxErrorRateTurnsFailuresIntoExitCode3() {
    server.mode = n -> n % 2 == 0 ? Mode.HTTP_503 : Mode.OK;
    Run r =
        bench(
            "--profile",
            "concurrent",
            "--concurrency",
            "1",
            "--max-requests",
            "6",
            "--max-error-rate",
            "0.2");
    assertThat(r.code()).isEqualTo(ExitCodes.TOO_MANY_ERRORS);
    assertThat(r.err()).contains("above --max-error-rate");
  }

  @Test
  void nothingSucceedingIsARuntimeFailure() {
    server.mode = n -> Mode.HTTP_503;
    Run r = bench("--profile", "concurrent", "--max-requests", "3", "--outputs", "table");
    assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err()).contains("no request succeeded", "http_503=3");
  }

  @Test
  void connectionRefusedIsAnErrorKind() throws IOException {
    int port = server.uri().getPort();
    server.close();
    CommandLine cl = GorgoCommand.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    int code =
        cl.execute(
            "bench",
            "--target",
            "http://127.0.0.1:" + port,
            "--quiet",
            "--local-only",
            "--profile",
            "concurrent",
            "--concurrency",
            "1",
            "--max-requests",
            "2",
            "--outputs",
            "json",
            "--output-dir",
            dir.resolve("out").toString(),
            "--model",
            "m");
    assertThat(code).isEqualTo(ExitCodes.FAILURE);
    assertThat(json().path("runs").path(0).path("errors").path("connect").asInt()).isEqualTo(2);
  }

  @Test
  void timeLimitCancelsStreamsInFlightAsIncomplete() throws IOException {
    server.mode = n -> Mode.SLOW;
    Run r =
        bench(
            "--profile",
            "concurrent",
            "--concurrency",
            "3",
            "--max-seconds",
            "1",
            "--outputs",
            "json");
    // nothing succeeded, but nothing failed either: the run was cut short
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    JsonNode run = json().path("runs").path(0);
    assertThat(run.path("incomplete").asInt()).isEqualTo(3);
    assertThat(run.path("successful").asInt()).isZero();
    assertThat(run.path("errors").size()).isZero();
  }

  @Test
  void sweepRunsSynchronousThroughputAndRatesInBetween() throws IOException {
    Run r =
        bench(
            "--profile",
            "sweep",
            "--sweep-steps",
            "2",
            "--max-requests",
            "6",
            "--max-seconds",
            "10",
            "--output-tokens",
            "3");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    JsonNode runs = json().path("runs");
    assertThat(runs).hasSize(4);
    assertThat(runs.path(0).path("label").asText()).isEqualTo("synchronous");
    assertThat(runs.path(1).path("label").asText()).isEqualTo("throughput");
    double lo = runs.path(0).path("requestsPerSecond").asDouble();
    double hi = Math.max(runs.path(1).path("requestsPerSecond").asDouble(), 2 * lo);
    double r1 = runs.path(2).path("rate").asDouble();
    double r2 = runs.path(3).path("rate").asDouble();
    assertThat(r1).isGreaterThan(lo).isLessThan(r2);
    assertThat(r2).isLessThan(hi + 1e-9);
    assertThat(Files.readString(dir.resolve("out").resolve(BenchReports.HTML_FILE)))
        .contains("Latency against load");
  }

  @Test
  void poissonIsSeededAndBounded() throws IOException {
    bench(
        "--profile",
        "poisson",
        "--rate",
        "200",
        "--max-requests",
        "15",
        "--seed",
        "7",
        "--outputs",
        "json");
    JsonNode first = json().path("runs").path(0).path("requests");
    List<Double> scheduled = new ArrayList<>();
    first.forEach(q -> scheduled.add(q.path("scheduledMs").asDouble()));
    bench(
        "--profile",
        "poisson",
        "--rate",
        "200",
        "--max-requests",
        "15",
        "--seed",
        "7",
        "--outputs",
        "json");
    List<Double> again = new ArrayList<>();
    json()
        .path("runs")
        .path(0)
        .path("requests")
        .forEach(q -> again.add(q.path("scheduledMs").asDouble()));
    assertThat(scheduled).hasSize(15);
    assertThat(again.stream().sorted().toList()).isEqualTo(scheduled.stream().sorted().toList());
  }

  @Test
  void replaysAMooncakeTraceWithBlockText() throws IOException {
    Path trace = dir.resolve("trace.jsonl");
    Files.writeString(
        trace,
        "{\"timestamp\": 0, \"input_length\": 600, \"output_length\": 3, \"hash_ids\": [0, 1]}\n"
            + "{\"timestamp\": 40, \"input_length\": 700, \"output_length\": 2, \"hash_ids\": [0, 2]}\n");
    Run r =
        bench(
            "--profile",
            "replay",
            "--time-scale",
            "4",
            "--data",
            trace.toString(),
            "--request-type",
            "completions");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(server.bodies).hasSize(2);
    // the server may record the two bodies in either order; tell them apart by length
    List<JsonNode> bodies = new ArrayList<>(server.bodies);
    bodies.sort(java.util.Comparator.comparingInt(b -> b.path("prompt").asText().length()));
    String p1 = bodies.get(0).path("prompt").asText();
    String p2 = bodies.get(1).path("prompt").asText();
    assertThat(p1).hasSize(600 * 4);
    assertThat(p2).hasSize(700 * 4);
    // block 0 is shared: the first 512 tokens (2048 chars) are equal, the next blocks differ
    assertThat(p1.substring(0, 2048)).isEqualTo(p2.substring(0, 2048));
    assertThat(p1.substring(2048, 2100)).isNotEqualTo(p2.substring(2048, 2100));
    assertThat(bodies.get(0).path("max_tokens").asInt()).isEqualTo(3);
    JsonNode q = json().path("runs").path(0).path("requests");
    double s2 = 0;
    for (JsonNode x : q) {
      s2 = Math.max(s2, x.path("scheduledMs").asDouble());
    }
    assertThat(s2).isEqualTo(10.0); // 40 ms / 4
  }

  @Test
  void localOnlyRefusesNonLoopbackTargets() {
    CommandLine cl = GorgoCommand.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute("bench", "--target", "http://10.1.2.3:8080", "--local-only");
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("not a loopback address");
  }

  @Test
  void malformedDataFileIsAUsageErrorNamingTheLine() throws IOException {
    Path data = dir.resolve("bad.jsonl");
    Files.writeString(data, "{\"prompt\":\"ok\"}\n{\"prompt\":\n");
    Run r = bench("--data", data.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("bad.jsonl line 2: not valid JSON");
    assertThat(server.requests.get()).isZero();
  }

  @Test
  void missingDataFileIsAUsageError() {
    Run r = bench("--data", dir.resolve("nope.jsonl").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("data file not found");
  }

  @Test
  void replayWithoutArrivalTimesIsRefused() throws IOException {
    Path data = dir.resolve("p.jsonl");
    Files.writeString(data, "{\"prompt\":\"a\",\"timestamp\":0}\n{\"prompt\":\"b\"}\n");
    Run r = bench("--profile", "replay", "--data", data.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--profile replay needs arrival times");
    assertThat(server.requests.get()).isZero();
  }

  @Test
  void replaysTheSyntheticWorkloadAtItsArrivalTimes() throws IOException {
    Run r =
        bench(
            "--profile",
            "replay",
            "--time-scale",
            "50",
            "--max-requests",
            "12",
            "--outputs",
            "json",
            "--output-tokens",
            "3");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(json().path("runs").path(0).path("successful").asInt()).isEqualTo(12);
  }
}
