package dev.gorgo.cli.bench;

import static dev.gorgo.cli.report.TextTable.num;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.gorgo.cli.report.Html;
import dev.gorgo.cli.report.SvgChart;
import dev.gorgo.cli.report.SvgChart.Series;
import dev.gorgo.cli.report.TextTable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Writes a {@link BenchResult} as a text table, JSON, CSV (per request and per run) and a
 * self-contained HTML report. None of them holds prompt or output text.
 */
public final class BenchReports {
  /** File names inside the output directory. */
  public static final String JSON_FILE = "benchmarks.json";

  /** Per-run summary CSV. */
  public static final String SUMMARY_CSV = "summary.csv";

  /** Per-request CSV. */
  public static final String REQUESTS_CSV = "requests.csv";

  /** HTML report. */
  public static final String HTML_FILE = "report.html";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .registerModule(
              new SimpleModule("nan-as-null")
                  .addSerializer(double.class, new NanAsNull())
                  .addSerializer(Double.class, new NanAsNull()));

  private BenchReports() {}

  /** The summary table: one row per run. */
  public static TextTable table(BenchResult result) {
    TextTable t =
        new TextTable(
            "run",
            "ok",
            "err",
            "incompl",
            "req/s",
            "out tok/s",
            "TTFT p50",
            "TTFT p95",
            "TTFT p99",
            "ITL p50",
            "E2E p50",
            "E2E p95");
    for (RunResult r : result.runs()) {
      t.row(
          r.label(),
          Integer.toString(r.successful()),
          Integer.toString(r.errored()),
          Integer.toString(r.incomplete()),
          num(r.requestsPerSecond(), 2),
          num(r.outputTokensPerSecond(), 0),
          num(r.ttftMs().p50(), 1),
          num(r.ttftMs().p95(), 1),
          num(r.ttftMs().p99(), 1),
          num(r.itlMs().p50(), 2),
          num(r.e2eMs().p50(), 1),
          num(r.e2eMs().p95(), 1));
    }
    return t;
  }

  /** Errors of every run, one line each, or an empty string when there were none. */
  public static String errorLines(BenchResult result) {
    StringBuilder sb = new StringBuilder();
    for (RunResult r : result.runs()) {
      if (!r.errors().isEmpty()) {
        sb.append(r.label()).append(" errors: ").append(r.errors()).append('\n');
      }
    }
    return sb.toString();
  }

  /** Writes the JSON document (every run with its summaries and every request's timings). */
  public static void writeJson(BenchResult result, Path file) throws IOException {
    createParent(file);
    JSON.writeValue(file.toFile(), result);
  }

  /** Writes one CSV row per run. */
  public static void writeSummaryCsv(BenchResult result, Path file) throws IOException {
    createParent(file);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder h =
          new StringBuilder(
              "run,label,profile,rate,concurrency,duration_s,sent,successful,errored,incomplete,"
                  + "requests_per_s,output_tokens_per_s");
      for (String m : List.of("ttft_ms", "itl_ms", "e2e_ms", "request_tokens_per_s")) {
        for (String s : List.of("mean", "p50", "p90", "p95", "p99", "max")) {
          h.append(',').append(m).append('_').append(s);
        }
      }
      w.write(h.append('\n').toString());
      int i = 0;
      for (RunResult r : result.runs()) {
        StringBuilder row =
            new StringBuilder()
                .append(i++)
                .append(',')
                .append(csv(r.label()))
                .append(',')
                .append(r.profile().key())
                .append(',')
                .append(d(r.rate()))
                .append(',')
                .append(r.concurrency())
                .append(',')
                .append(d(r.durationSeconds()))
                .append(',')
                .append(r.sent())
                .append(',')
                .append(r.successful())
                .append(',')
                .append(r.errored())
                .append(',')
                .append(r.incomplete())
                .append(',')
                .append(d(r.requestsPerSecond()))
                .append(',')
                .append(d(r.outputTokensPerSecond()));
        for (Summary s : List.of(r.ttftMs(), r.itlMs(), r.e2eMs(), r.requestTokensPerSecond())) {
          for (double v : new double[] {s.mean(), s.p50(), s.p90(), s.p95(), s.p99(), s.max()}) {
            row.append(',').append(d(v));
          }
        }
        w.write(row.append('\n').toString());
      }
    }
  }

  /** Writes one CSV row per request. */
  public static void writeRequestsCsv(BenchResult result, Path file) throws IOException {
    createParent(file);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(
          "run,label,request,scheduled_ms,start_ms,ttft_ms,itl_ms,e2e_ms,prompt_tokens,"
              + "output_tokens,status,error,endpoint\n");
      int i = 0;
      for (RunResult run : result.runs()) {
        for (RequestResult r : run.requests()) {
          w.write(
              i
                  + ","
                  + csv(run.label())
                  + ","
                  + r.index()
                  + ","
                  + d(r.scheduledMs())
                  + ","
                  + d(r.startMs())
                  + ","
                  + d(r.ttftMs())
                  + ","
                  + d(r.itlMs())
                  + ","
                  + d(r.e2eMs())
                  + ","
                  + r.promptTokens()
                  + ","
                  + r.outputTokens()
                  + ","
                  + r.status()
                  + ","
                  + (r.ok() ? "" : r.errorKey())
                  + ","
                  + (r.endpoint() == null ? "" : csv(r.endpoint()))
                  + "\n");
        }
        i++;
      }
    }
  }

  /** Writes the HTML report with the table and plots. */
  public static void writeHtml(BenchResult result, Path file) throws IOException {
    Html page = new Html("gorgo bench: " + result.profile() + " against " + result.target());
    page.raw(
        new TextTable("setting", "value")
            .row("target", result.target())
            .row("model", result.model())
            .row("profile", result.profile())
            .row("seed", Long.toString(result.seed()))
            .row("workload", result.workload())
            .html());
    page.heading("Results").raw(table(result).html());
    String errors = errorLines(result);
    if (!errors.isEmpty()) {
      page.raw("<p class=\"note\">" + Html.escape(errors).replace("\n", "<br>") + "</p>");
    }
    page.paragraph(
        "Times in ms. TTFT: time to first content token. ITL: mean gap between output tokens of a"
            + " request. E2E: send to end of stream. Incomplete: cut off by the time limit.");
    page.heading("Time to first token")
        .raw(
            SvgChart.lines(
                "TTFT, CDF",
                "TTFT (ms)",
                "fraction of requests",
                cdfs(result, RequestResult::ttftMs)));
    page.heading("End-to-end latency")
        .raw(
            SvgChart.lines(
                "E2E latency, CDF",
                "E2E (ms)",
                "fraction of requests",
                cdfs(result, RequestResult::e2eMs)));
    List<Series> overTime = new ArrayList<>();
    for (RunResult r : result.runs()) {
      List<RequestResult> ok = r.requests().stream().filter(RequestResult::ok).toList();
      overTime.add(
          new Series(
              r.label(),
              ok.stream().mapToDouble(q -> q.startMs() / 1000).toArray(),
              ok.stream().mapToDouble(RequestResult::ttftMs).toArray()));
    }
    page.heading("TTFT over the run")
        .raw(SvgChart.scatter("TTFT by send time", "seconds into the run", "TTFT (ms)", overTime));
    if (result.runs().size() > 2) {
      List<RunResult> runs = result.runs();
      double[] x = runs.stream().mapToDouble(RunResult::requestsPerSecond).toArray();
      page.heading("Latency against load")
          .raw(
              SvgChart.lines(
                  "TTFT percentiles by achieved rate",
                  "achieved requests/s",
                  "TTFT (ms)",
                  List.of(
                      new Series(
                          "p50", x, runs.stream().mapToDouble(r -> r.ttftMs().p50()).toArray()),
                      new Series(
                          "p95", x, runs.stream().mapToDouble(r -> r.ttftMs().p95()).toArray()),
                      new Series(
                          "p99", x, runs.stream().mapToDouble(r -> r.ttftMs().p99()).toArray()))))
          .raw(
              SvgChart.lines(
                  "Output throughput by achieved rate",
                  "achieved requests/s",
                  "output tokens/s",
                  List.of(
                      new Series(
                          "output tok/s",
                          x,
                          runs.stream().mapToDouble(RunResult::outputTokensPerSecond).toArray()))));
    }
    page.write(file);
  }

  private static List<Series> cdfs(BenchResult result, ToDoubleFunction<RequestResult> metric) {
    List<Series> series = new ArrayList<>();
    for (RunResult r : result.runs()) {
      series.add(
          SvgChart.cdf(
              r.label(),
              r.requests().stream().filter(RequestResult::ok).mapToDouble(metric).toArray()));
    }
    return series;
  }

  /** Which outputs to write. */
  public enum Output {
    TABLE,
    JSON,
    CSV,
    HTML
  }

  /**
   * Writes the chosen files into {@code dir}.
   *
   * @return the files written, by output
   */
  public static Map<Output, Path> write(BenchResult result, Path dir, List<Output> outputs)
      throws IOException {
    Map<Output, Path> written = new java.util.EnumMap<>(Output.class);
    if (outputs.contains(Output.JSON)) {
      writeJson(result, dir.resolve(JSON_FILE));
      written.put(Output.JSON, dir.resolve(JSON_FILE));
    }
    if (outputs.contains(Output.CSV)) {
      writeSummaryCsv(result, dir.resolve(SUMMARY_CSV));
      writeRequestsCsv(result, dir.resolve(REQUESTS_CSV));
      written.put(Output.CSV, dir.resolve(SUMMARY_CSV));
    }
    if (outputs.contains(Output.HTML)) {
      writeHtml(result, dir.resolve(HTML_FILE));
      written.put(Output.HTML, dir.resolve(HTML_FILE));
    }
    return written;
  }

  private static void createParent(Path file) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
  }

  private static String d(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** Writes NaN and infinities as JSON null (they are not valid JSON numbers). */
  private static final class NanAsNull extends StdSerializer<Double> {
    private static final long serialVersionUID = 1L;

    NanAsNull() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (value == null || value.isNaN() || value.isInfinite()) {
        gen.writeNull();
      } else {
        gen.writeNumber(value);
      }
    }
  }
}
