package dev.gorgo.sim.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.gorgo.sim.PolicyResult;
import dev.gorgo.sim.RequestRecord;
import dev.gorgo.sim.SimulationConfig;
import dev.gorgo.sim.SimulationReport;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Renders a {@link SimulationReport} as text, JSON, CSV and HTML. Stateless. */
public final class ReportRenderer {
  private static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#000000", "#aec7e8"
  };

  /**
   * The figures the JSON and CSV summaries carry per policy, in column order: unscaled, NaN where
   * undefined.
   */
  private static final List<Figure> FIGURES =
      List.of(
          new Figure("ttftMeanMs", PolicyResult::ttftMeanMs),
          new Figure("ttftP50Ms", PolicyResult::ttftP50Ms),
          new Figure("ttftP90Ms", PolicyResult::ttftP90Ms),
          new Figure("ttftP95Ms", PolicyResult::ttftP95Ms),
          new Figure("ttftP99Ms", PolicyResult::ttftP99Ms),
          new Figure("e2eP95Ms", PolicyResult::e2eP95Ms),
          new Figure("queueWaitMeanMs", PolicyResult::queueWaitMeanMs),
          new Figure("throughputRps", PolicyResult::throughputRps),
          new Figure("outputTokensPerSecond", PolicyResult::outputTokensPerSecond),
          new Figure("cacheHitRatio", PolicyResult::cacheHitRatio),
          new Figure("crossRegionShare", PolicyResult::crossRegionShare),
          new Figure("loadSpread", PolicyResult::loadSpread),
          new Figure("utilisation", PolicyResult::utilisation));

  private ReportRenderer() {}

  /**
   * Renders the console table.
   *
   * @param report the report
   * @return the table
   */
  public static String table(SimulationReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append(describe(report)).append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "%-17s %9s %9s %9s %9s %9s %9s %7s %8s %6s %6s %6s %5s %6s%n",
            "policy",
            "ttft_mean",
            "ttft_p50",
            "ttft_p90",
            "ttft_p95",
            "ttft_p99",
            "e2e_p95",
            "req/s",
            "out_tok/s",
            "hit%",
            "xreg%",
            "spread",
            "util%",
            "failed"));
    for (PolicyResult r : report.results()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-17s %9.0f %9.0f %9.0f %9.0f %9.0f %9.0f %7.2f %8.0f %6.1f %6.1f %6.2f %5.0f %6d%n",
              summaryRow(r.policy(), r)));
    }
    sb.append(
        "(latencies in ms at the clients; hit% = true prefix-cache hit ratio of the engines)\n");
    return sb.toString();
  }

  /**
   * The cells of one row of the console and HTML tables, after the policy's (already escaped) name:
   * latencies in ms, rates per second, ratios in percent, then the failure count.
   */
  private static Object[] summaryRow(String policy, PolicyResult r) {
    return new Object[] {
      policy,
      r.ttftMeanMs(),
      r.ttftP50Ms(),
      r.ttftP90Ms(),
      r.ttftP95Ms(),
      r.ttftP99Ms(),
      r.e2eP95Ms(),
      r.throughputRps(),
      r.outputTokensPerSecond(),
      100 * r.cacheHitRatio(),
      100 * r.crossRegionShare(),
      r.loadSpread(),
      100 * r.utilisation(),
      r.failed()
    };
  }

  /** One per-policy figure of the JSON and CSV summaries: its JSON name and how to read it. */
  private record Figure(String name, ToDoubleFunction<PolicyResult> value) {}

  private static String describe(SimulationReport report) {
    SimulationConfig c = report.config();
    return String.format(
        Locale.ROOT,
        "workload %s: %d requests, %.2f req/s; topology %s (%s), %d replica(s) per"
            + " region, engine %s; seed %d; simulated in %.1f s",
        report.workload().name(),
        report.workload().requests().size(),
        report.workload().ratePerSecond(),
        c.topology().name(),
        c.distributed()
            ? "a router beside every replica"
            : "router in " + c.topology().routerRegion(),
        c.replicasPerRegion(),
        c.profile().name(),
        c.seed(),
        report.wallMillis() / 1000.0);
  }

  /**
   * Renders the JSON summary.
   *
   * @param report the report
   * @return JSON text
   */
  public static String json(SimulationReport report) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      SimulationConfig c = report.config();
      g.writeStartObject();
      g.writeObjectFieldStart("config");
      g.writeStringField("workload", report.workload().name());
      g.writeNumberField("requests", report.workload().requests().size());
      g.writeNumberField("ratePerSecond", report.workload().ratePerSecond());
      g.writeNumberField("rateScale", c.rateScale());
      g.writeStringField("topology", c.topology().name());
      g.writeStringField("routerRegion", c.topology().routerRegion());
      g.writeBooleanField("distributed", c.distributed());
      g.writeNumberField("replicasPerRegion", c.replicasPerRegion());
      g.writeStringField("profile", c.profile().name());
      g.writeNumberField("seed", c.seed());
      g.writeNumberField("metricsPeriodMs", c.metricsPeriod().toMillis());
      g.writeNumberField("probePeriodMs", c.probePeriod().toMillis());
      g.writeNumberField("maxRunningGate", c.maxRunningGate());
      g.writeNumberField("keyBlockTokens", c.keyBlockTokens());
      g.writeObjectFieldStart("policyParameters");
      for (Map.Entry<String, String> e : c.policyParameters().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeNumberField("wallMillis", report.wallMillis());
      g.writeArrayFieldStart("results");
      for (PolicyResult r : report.results()) {
        g.writeStartObject();
        g.writeStringField("policy", r.policy());
        g.writeNumberField("requests", r.requests());
        g.writeNumberField("completed", r.completed());
        g.writeObjectFieldStart("failures");
        for (Map.Entry<String, Integer> e : r.failures().entrySet()) {
          g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        for (Figure f : FIGURES) {
          number(g, f.name(), f.value().applyAsDouble(r));
        }
        g.writeObjectFieldStart("requestsPerEndpoint");
        for (int i = 0; i < r.endpoints().size(); i++) {
          g.writeNumberField(r.endpoints().get(i), r.requestsPerEndpoint()[i]);
        }
        g.writeEndObject();
        g.writeNumberField("wallMillis", r.wallMillis());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.append('\n').toString();
  }

  private static void number(JsonGenerator g, String field, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumberField(field, v);
    } else {
      g.writeNullField(field);
    }
  }

  /**
   * Renders the CSV summary.
   *
   * @param report the report
   * @return CSV text
   */
  public static String csv(SimulationReport report) {
    StringBuilder sb =
        new StringBuilder(
            "policy,requests,completed,failed,ttft_mean_ms,ttft_p50_ms,ttft_p90_ms,ttft_p95_ms,"
                + "ttft_p99_ms,e2e_p95_ms,queue_wait_mean_ms,throughput_rps,output_tokens_per_s,"
                + "cache_hit_ratio,cross_region_share,load_spread,utilisation\n");
    for (PolicyResult r : report.results()) {
      Object[] cells = new Object[4 + FIGURES.size()];
      cells[0] = r.policy();
      cells[1] = r.requests();
      cells[2] = r.completed();
      cells[3] = r.failed();
      for (int i = 0; i < FIGURES.size(); i++) {
        cells[4 + i] = fmt(FIGURES.get(i).value().applyAsDouble(r));
      }
      csvRow(sb, cells);
    }
    return sb.toString();
  }

  /**
   * Renders one policy's per-request CSV.
   *
   * @param r the policy's result
   * @return CSV text
   */
  public static String requestsCsv(PolicyResult r) {
    StringBuilder sb =
        new StringBuilder(
            "request_id,timestamp_ms,prompt_length,tokens,client_region,selected_server,"
                + "network_latency_ms,ttft_ms,total_latency_ms,queue_time_ms,"
                + "predicted_ttft_ms,cached_tokens,success,error\n");
    for (RequestRecord q : r.requestRecords()) {
      csvRow(
          sb,
          q.id(),
          fmt(q.sentMs()),
          q.promptTokens(),
          q.outputTokens(),
          q.clientRegion(),
          q.endpoint() == null ? "" : q.endpoint(),
          fmt(q.networkMs()),
          fmt(q.ttftMs()),
          fmt(q.e2eMs()),
          fmt(q.queueWaitMs()),
          fmt(q.predictedTtftMs()),
          q.cachedTokens(),
          q.succeeded(),
          q.failure() == null ? "" : q.failure());
    }
    return sb.toString();
  }

  /** Appends one CSV line: the cells as text, comma-separated, unquoted. */
  private static void csvRow(StringBuilder sb, Object... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(cells[i]);
    }
    sb.append('\n');
  }

  private static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "";
  }

  /**
   * Renders the HTML page.
   *
   * @param report the report
   * @return HTML text
   */
  public static String html(SimulationReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>GORGO simulation report</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse}td,th{padding:3px 8px;text-align:right;")
        .append("border-bottom:1px solid #ddd}th:first-child,td:first-child{text-align:left}")
        .append("svg{background:#fff;border:1px solid #ccc;margin:4px}")
        .append(".small{display:inline-block;vertical-align:top}</style></head><body>\n");
    sb.append("<h1>GORGO simulation report</h1>\n<p>")
        .append(escape(describe(report)))
        .append("</p>\n");
    sb.append("<table><tr><th>policy</th><th>TTFT mean</th><th>p50</th><th>p90</th>")
        .append("<th>p95</th><th>p99</th><th>E2E p95</th><th>req/s</th><th>out tok/s</th>")
        .append(
            "<th>cache hit</th><th>cross-region</th><th>load spread</th><th>utilisation</th><th>failed</th></tr>\n");
    for (PolicyResult r : report.results()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%s</td><td>%.0f</td><td>%.0f</td><td>%.0f</td><td>%.0f</td><td>%.0f</td>"
                  + "<td>%.0f</td><td>%.2f</td><td>%.0f</td><td>%.1f%%</td><td>%.1f%%</td>"
                  + "<td>%.2f</td><td>%.0f%%</td><td>%d</td></tr>%n",
              summaryRow(escape(r.policy()), r)));
    }
    sb.append("</table>\n<p>Latencies in ms, measured at the clients.</p>\n");
    sb.append("<h2>TTFT distribution</h2>\n").append(Svg.ttftCdf(report.results(), COLORS));
    sb.append("\n<h2>Load over time</h2>\n<p>Per region: requests running or queued in the")
        .append(" engines, summed over the region's replicas. Dashed: requests waiting in the")
        .append(" routers' admission queues.</p>\n");
    sb.append(Svg.regionLoad(report.results(), COLORS));
    sb.append("\n</body></html>\n");
    return sb.toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
