package dev.gorgo.sim.internal;

import dev.gorgo.sim.PolicyResult;
import java.util.List;
import java.util.Locale;

/** Inline SVG plots for the HTML report: no scripts, no external resources. Stateless. */
final class Svg {
  private static final int W = 760;
  private static final int H = 380;
  private static final int LEFT = 60;
  private static final int RIGHT = 170;
  private static final int TOP = 20;
  private static final int BOTTOM = 45;

  private Svg() {}

  /** TTFT CDFs of all policies on a log-scaled time axis. */
  static String ttftCdf(List<PolicyResult> results, String[] colors) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (PolicyResult r : results) {
      for (double v : r.ttftCdfMs()) {
        min = Math.min(min, Math.max(1, v));
        max = Math.max(max, v);
      }
    }
    if (!(max > 0)) {
      return "<p>No request completed.</p>";
    }
    double lo = Math.floor(Math.log10(min));
    double hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
    StringBuilder sb = open();
    for (double d = lo; d <= hi; d++) {
      double x = LEFT + (d - lo) / (hi - lo) * (W - LEFT - RIGHT);
      line(sb, x, TOP, x, H - BOTTOM, "#eee");
      text(sb, x, H - BOTTOM + 16, "middle", label(Math.pow(10, d)));
    }
    for (int k = 0; k <= 4; k++) {
      double y = H - BOTTOM - k / 4.0 * (H - TOP - BOTTOM);
      line(sb, LEFT, y, W - RIGHT, y, "#eee");
      text(sb, LEFT - 6, y + 4, "end", String.format(Locale.ROOT, "%.2f", k / 4.0));
    }
    text(sb, (LEFT + W - RIGHT) / 2.0, H - 8, "middle", "TTFT (ms, log scale)");
    text(sb, 14, TOP + 10, "start", "fraction");
    for (int p = 0; p < results.size(); p++) {
      double[] cdf = results.get(p).ttftCdfMs();
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < cdf.length; i++) {
        double lx = Math.log10(Math.max(1, cdf[i]));
        double x = LEFT + (lx - lo) / (hi - lo) * (W - LEFT - RIGHT);
        double y = H - BOTTOM - i / (double) (cdf.length - 1) * (H - TOP - BOTTOM);
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      String color = colors[p % colors.length];
      sb.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"")
          .append(color)
          .append("\" points=\"")
          .append(pts)
          .append("\"/>\n");
      legend(sb, p, color, results.get(p).policy());
    }
    return sb.append("</svg>\n").toString();
  }

  /** One small plot per policy: load per region over time, on a shared y scale. */
  static String regionLoad(List<PolicyResult> results, String[] colors) {
    double max = 1;
    double tMax = 1;
    for (PolicyResult r : results) {
      for (double[] series : r.regionLoad().load()) {
        for (double v : series) {
          max = Math.max(max, v);
        }
      }
      double[] t = r.regionLoad().timesSeconds();
      if (t.length > 0) {
        tMax = Math.max(tMax, t[t.length - 1]);
      }
    }
    StringBuilder all = new StringBuilder();
    for (PolicyResult r : results) {
      all.append("<div class=\"small\"><h3>")
          .append(ReportRenderer.escape(r.policy()))
          .append("</h3>");
      StringBuilder sb = open();
      for (int k = 0; k <= 4; k++) {
        double y = H - BOTTOM - k / 4.0 * (H - TOP - BOTTOM);
        line(sb, LEFT, y, W - RIGHT, y, "#eee");
        text(sb, LEFT - 6, y + 4, "end", String.format(Locale.ROOT, "%.0f", max * k / 4));
      }
      for (int k = 0; k <= 4; k++) {
        double x = LEFT + k / 4.0 * (W - LEFT - RIGHT);
        text(sb, x, H - BOTTOM + 16, "middle", String.format(Locale.ROOT, "%.0f", tMax * k / 4));
      }
      text(sb, (LEFT + W - RIGHT) / 2.0, H - 8, "middle", "time (s)");
      double[] t = r.regionLoad().timesSeconds();
      double[][] load = r.regionLoad().load();
      for (int g = 0; g < load.length; g++) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < t.length; i++) {
          double x = LEFT + t[i] / tMax * (W - LEFT - RIGHT);
          double y = H - BOTTOM - load[g][i] / max * (H - TOP - BOTTOM);
          pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        String color = colors[g % colors.length];
        sb.append("<polyline fill=\"none\" stroke-width=\"1.2\" stroke=\"")
            .append(color)
            .append("\" points=\"")
            .append(pts)
            .append("\"/>\n");
        legend(sb, g, color, r.regionLoad().regions().get(g));
      }
      all.append(sb.append("</svg>\n")).append("</div>\n");
    }
    return all.toString();
  }

  private static StringBuilder open() {
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-size=\"12\">%n",
            W,
            H,
            W,
            H));
  }

  private static void legend(StringBuilder sb, int i, String color, String name) {
    double y = TOP + 10 + i * 18;
    line(sb, W - RIGHT + 12, y, W - RIGHT + 34, y, color);
    text(sb, W - RIGHT + 40, y + 4, "start", name);
  }

  private static void line(StringBuilder sb, double x1, double y1, double x2, double y2, String c) {
    sb.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%s\"/>%n",
            x1,
            y1,
            x2,
            y2,
            c,
            "#eee".equals(c) ? "1" : "2"));
  }

  private static void text(StringBuilder sb, double x, double y, String anchor, String s) {
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
            x,
            y,
            anchor,
            ReportRenderer.escape(s)));
  }

  private static String label(double ms) {
    return ms >= 1000
        ? String.format(Locale.ROOT, "%.0f s", ms / 1000)
        : String.format(Locale.ROOT, "%.0f ms", ms);
  }
}
