package dev.gorgo.cli.demo;

import static dev.gorgo.cli.report.TextTable.num;
import static dev.gorgo.cli.report.TextTable.percent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorgo.cli.bench.RequestResult;
import dev.gorgo.cli.bench.RunResult;
import dev.gorgo.cli.report.Html;
import dev.gorgo.cli.report.SvgChart;
import dev.gorgo.cli.report.SvgChart.Series;
import dev.gorgo.cli.report.TextTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The demo's outputs: the comparison table, a one-line verdict, JSON and an HTML page. */
final class DemoReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DemoReport() {}

  static TextTable table(List<PolicyRun> runs) {
    TextTable t =
        new TextTable(
            "policy",
            "ok",
            "errors",
            "TTFT p50",
            "TTFT p95",
            "TTFT p99",
            "E2E p95",
            "cache hit",
            "cross-region");
    for (PolicyRun p : runs) {
      RunResult r = p.run();
      t.row(
          p.policy(),
          Integer.toString(r.successful()),
          Integer.toString(r.errored() + r.incomplete()),
          ms(r.ttftMs().p50()),
          ms(r.ttftMs().p95()),
          ms(r.ttftMs().p99()),
          ms(r.e2eMs().p95()),
          percent(p.cacheHitRatio()),
          percent(p.crossRegionShare()));
    }
    return t;
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "-" : num(v, 0) + " ms";
  }

  /**
   * One sentence naming the policy with the lowest median TTFT and how the others compare, or
   * {@code null} when no policy completed requests.
   */
  static String verdict(List<PolicyRun> runs) {
    List<PolicyRun> measured =
        runs.stream().filter(p -> !Double.isNaN(p.run().ttftMs().p50())).toList();
    if (measured.isEmpty()) {
      return null;
    }
    PolicyRun best =
        measured.stream().min(Comparator.comparingDouble(p -> p.run().ttftMs().p50())).get();
    double b = best.run().ttftMs().p50();
    List<String> others = new ArrayList<>();
    for (PolicyRun p : measured) {
      if (p != best) {
        others.add(String.format(Locale.ROOT, "%s %.1fx", p.policy(), p.run().ttftMs().p50() / b));
      }
    }
    return String.format(
        Locale.ROOT,
        "Lowest median TTFT: %s (%.0f ms)%s",
        best.policy(),
        b,
        others.isEmpty()
            ? "."
            : "; the others' median TTFT relative to it: " + String.join(", ", others) + ".");
  }

  static void writeJson(Path file, DemoSettings settings, List<PolicyRun> runs) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.set("settings", JSON.valueToTree(settings));
    ArrayNode list = root.putArray("policies");
    for (PolicyRun p : runs) {
      RunResult r = p.run();
      ObjectNode n = list.addObject();
      n.put("policy", p.policy());
      n.put("sent", r.sent());
      n.put("successful", r.successful());
      n.put("incomplete", r.incomplete());
      n.set("errors", JSON.valueToTree(r.errors()));
      put(n, "ttftP50Ms", r.ttftMs().p50());
      put(n, "ttftP95Ms", r.ttftMs().p95());
      put(n, "ttftP99Ms", r.ttftMs().p99());
      put(n, "e2eP95Ms", r.e2eMs().p95());
      put(n, "cacheHitRatio", p.cacheHitRatio());
      put(n, "crossRegionShare", p.crossRegionShare());
      n.set("routedByRegion", JSON.valueToTree(p.routedByRegion()));
      put(n, "durationSeconds", r.durationSeconds());
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), root);
  }

  private static void put(ObjectNode n, String field, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }

  static void writeHtml(Path file, DemoSettings settings, List<PolicyRun> runs) throws IOException {
    Html page =
        new Html(
            "GORGO demo: " + String.join(" vs ", runs.stream().map(PolicyRun::policy).toList()));
    page.paragraph(settings.summary());
    page.heading("Results").raw(table(runs).html());
    String verdict = verdict(runs);
    if (verdict != null) {
      page.paragraph(verdict);
    }
    page.raw(
        "<p class=\"note\">"
            + Html.escape(
                "TTFT: time to first token seen by the client, through the proxy. E2E: to the end"
                    + " of the stream. Cache hit: prompt tokens the replicas served from their"
                    + " prefix caches (the engines' truth). Cross-region: requests served outside"
                    + " the region of the proxy and its clients ("
                    + settings.proxyRegion()
                    + "). Errors include requests cut off by the time limit.")
            + "</p>");
    List<String> names = runs.stream().map(PolicyRun::policy).toList();
    page.heading("Time to first token")
        .raw(
            SvgChart.bars(
                "TTFT percentiles by policy",
                "ms",
                names,
                List.of(
                    new Series(
                        "p50",
                        new double[runs.size()],
                        runs.stream().mapToDouble(p -> p.run().ttftMs().p50()).toArray()),
                    new Series(
                        "p95",
                        new double[runs.size()],
                        runs.stream().mapToDouble(p -> p.run().ttftMs().p95()).toArray()),
                    new Series(
                        "p99",
                        new double[runs.size()],
                        runs.stream().mapToDouble(p -> p.run().ttftMs().p99()).toArray()))))
        .raw(SvgChart.lines("TTFT, CDF", "TTFT (ms)", "fraction of requests", cdfs(runs)));
    page.heading("Cache and locality")
        .raw(
            SvgChart.bars(
                "Prefix-cache hit ratio and cross-region share",
                "%",
                names,
                List.of(
                    new Series(
                        "cache hit %",
                        new double[runs.size()],
                        runs.stream().mapToDouble(p -> 100 * p.cacheHitRatio()).toArray()),
                    new Series(
                        "cross-region %",
                        new double[runs.size()],
                        runs.stream().mapToDouble(p -> 100 * p.crossRegionShare()).toArray()))));
    TreeSet<String> regions = new TreeSet<>();
    runs.forEach(p -> regions.addAll(p.routedByRegion().keySet()));
    List<Series> byRegion = new ArrayList<>();
    for (String region : regions) {
      byRegion.add(
          new Series(
              region,
              new double[runs.size()],
              runs.stream().mapToDouble(p -> share(p.routedByRegion(), region)).toArray()));
    }
    page.raw(SvgChart.bars("Where requests were served (% per region)", "%", names, byRegion));
    page.heading("Over time")
        .raw(
            SvgChart.scatter(
                "TTFT by send time",
                "seconds into the run",
                "TTFT (ms)",
                runs.stream()
                    .map(
                        p -> {
                          List<RequestResult> ok =
                              p.run().requests().stream().filter(RequestResult::ok).toList();
                          return new Series(
                              p.policy(),
                              ok.stream().mapToDouble(q -> q.startMs() / 1000).toArray(),
                              ok.stream().mapToDouble(RequestResult::ttftMs).toArray());
                        })
                    .toList()));
    page.write(file);
  }

  private static double share(Map<String, Integer> byRegion, String region) {
    int total = byRegion.values().stream().mapToInt(Integer::intValue).sum();
    return total == 0 ? Double.NaN : 100.0 * byRegion.getOrDefault(region, 0) / total;
  }

  private static List<Series> cdfs(List<PolicyRun> runs) {
    List<Series> s = new ArrayList<>();
    for (PolicyRun p : runs) {
      s.add(
          SvgChart.cdf(
              p.policy(),
              p.run().requests().stream()
                  .filter(RequestResult::ok)
                  .mapToDouble(RequestResult::ttftMs)
                  .toArray()));
    }
    return s;
  }
}
