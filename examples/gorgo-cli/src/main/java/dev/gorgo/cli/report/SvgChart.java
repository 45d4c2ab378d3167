package dev.gorgo.cli.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Inline-SVG charts: lines (CDFs, sweeps), scatter plots and grouped bars. Pure functions from data
 * to markup; NaN points are skipped. Axes get "nice" ticks (1, 2, 5 x 10^k).
 */
public final class SvgChart {
  /** Colours for series, in order (colour-blind friendly). */
  static final String[] PALETTE = {
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"
  };

  private static final int W = 760;
  private static final int H = 360;
  private static final int LEFT = 70;
  private static final int RIGHT = 170;
  private static final int TOP = 36;
  private static final int BOTTOM = 48;

  /**
   * A named series of points.
   *
   * @param name legend text
   * @param x x values
   * @param y y values, same length
   */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("x and y lengths differ");
      }
    }
  }

  private SvgChart() {}

  /** The empirical CDF of {@code values} (NaN skipped), at most 400 points. */
  public static Series cdf(String name, double[] values) {
    double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
    int n = v.length;
    int points = Math.min(n, 400);
    double[] x = new double[points];
    double[] y = new double[points];
    for (int i = 0; i < points; i++) {
      int idx = points == n ? i : (int) Math.round((double) i * (n - 1) / (points - 1));
      x[i] = v[idx];
      y[i] = (idx + 1) / (double) n;
    }
    return new Series(name, x, y);
  }

  /** A line chart. */
  public static String lines(String title, String xLabel, String yLabel, List<Series> series) {
    return plot(title, xLabel, yLabel, series, true, false);
  }

  /** A scatter plot (points, no lines). */
  public static String scatter(String title, String xLabel, String yLabel, List<Series> series) {
    return plot(title, xLabel, yLabel, series, false, true);
  }

  private static String plot(
      String title,
      String xLabel,
      String yLabel,
      List<Series> series,
      boolean drawLines,
      boolean drawPoints) {
    double[] xr = range(series, true);
    double[] yr = range(series, false);
    yr[0] = Math.min(0, yr[0]);
    Axis xa = Axis.of(xr[0], xr[1]);
    Axis ya = Axis.of(yr[0], yr[1]);
    StringBuilder sb = frame(title, xLabel, yLabel, xa, ya);
    for (int s = 0; s < series.size(); s++) {
      Series ser = series.get(s);
      String colour = PALETTE[s % PALETTE.length];
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < ser.x().length; i++) {
        if (Double.isNaN(ser.x()[i]) || Double.isNaN(ser.y()[i])) {
          continue;
        }
        double px = xa.px(ser.x()[i], LEFT, W - RIGHT);
        double py = ya.py(ser.y()[i], H - BOTTOM, TOP);
        if (drawLines) {
          path.append(path.isEmpty() ? "M" : "L").append(f(px)).append(',').append(f(py));
        }
        if (drawPoints) {
          sb.append(
              String.format(
                  Locale.ROOT,
                  "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\" fill-opacity=\"0.6\"/>",
                  px,
                  py,
                  colour));
        }
      }
      if (drawLines && !path.isEmpty()) {
        sb.append("<path d=\"")
            .append(path)
            .append("\" fill=\"none\" stroke=\"")
            .append(colour)
            .append("\" stroke-width=\"2\"/>");
      }
    }
    legend(sb, series.stream().map(Series::name).toList());
    return sb.append("</svg>").toString();
  }

  /**
   * Grouped bars: one group per category, one bar per series within a group.
   *
   * @param categories group labels (x axis)
   * @param series one value per category each ({@code x} ignored)
   */
  public static String bars(
      String title, String yLabel, List<String> categories, List<Series> series) {
    double max = 0;
    for (Series s : series) {
      for (double v : s.y()) {
        if (!Double.isNaN(v)) {
          max = Math.max(max, v);
        }
      }
    }
    Axis ya = Axis.of(0, max <= 0 ? 1 : max);
    StringBuilder sb = frame(title, "", yLabel, null, ya);
    double groupWidth = (double) (W - RIGHT - LEFT) / Math.max(1, categories.size());
    double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
    for (int c = 0; c < categories.size(); c++) {
      double gx = LEFT + c * groupWidth + groupWidth * 0.1;
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s).y()[c];
        if (Double.isNaN(v)) {
          continue;
        }
        double y = ya.py(v, H - BOTTOM, TOP);
        sb.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s %s: %s</title></rect>",
                gx + s * barWidth,
                y,
                barWidth * 0.92,
                H - BOTTOM - y,
                PALETTE[s % PALETTE.length],
                Html.escape(categories.get(c)),
                Html.escape(series.get(s).name()),
                Axis.label(v)));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%s</text>",
              gx + groupWidth * 0.4,
              H - BOTTOM + 18,
              Html.escape(categories.get(c))));
    }
    legend(sb, series.stream().map(Series::name).toList());
    return sb.append("</svg>").toString();
  }

  private static StringBuilder frame(String title, String xLabel, String yLabel, Axis xa, Axis ya) {
    StringBuilder sb = new StringBuilder();
    sb.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0"
                    + " %d %d\" font-family=\"sans-serif\" role=\"img\">",
                W,
                H,
                W,
                H))
        .append("<title>")
        .append(Html.escape(title))
        .append("</title>")
        .append(
            String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>",
                LEFT,
                Html.escape(title)));
    // y grid and ticks
    for (double t : ya.ticks()) {
      double y = ya.py(t, H - BOTTOM, TOP);
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>",
              LEFT,
              y,
              W - RIGHT,
              y,
              LEFT - 6,
              y + 4,
              Axis.label(t)));
    }
    if (xa != null) {
      for (double t : xa.ticks()) {
        double x = xa.px(t, LEFT, W - RIGHT);
        sb.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>",
                x,
                TOP,
                x,
                H - BOTTOM,
                x,
                H - BOTTOM + 16,
                Axis.label(t)));
      }
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>",
            LEFT,
            TOP,
            W - RIGHT - LEFT,
            H - BOTTOM - TOP));
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%s</text>",
            (LEFT + W - RIGHT) / 2,
            H - 8,
            Html.escape(xLabel)));
    sb.append(
        String.format(
            Locale.ROOT,
            "<text transform=\"translate(16,%d) rotate(-90)\" text-anchor=\"middle\""
                + " font-size=\"12\">%s</text>",
            (TOP + H - BOTTOM) / 2,
            Html.escape(yLabel)));
    return sb;
  }

  private static void legend(StringBuilder sb, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      int y = TOP + 8 + i * 18;
      sb.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>",
              W - RIGHT + 12,
              y,
              PALETTE[i % PALETTE.length],
              W - RIGHT + 30,
              y + 10,
              Html.escape(names.get(i))));
    }
  }

  private static double[] range(List<Series> series, boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : x ? s.x() : s.y()) {
        if (!Double.isNaN(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      return new double[] {0, 1};
    }
    return new double[] {lo, hi};
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** A linear axis from a nice minimum to a nice maximum. */
  record Axis(double min, double max, double step) {
    static Axis of(double lo, double hi) {
      if (hi <= lo) {
        hi = lo + (lo == 0 ? 1 : Math.abs(lo) * 0.1);
      }
      double raw = (hi - lo) / 5;
      double mag = Math.pow(10, Math.floor(Math.log10(raw)));
      double norm = raw / mag;
      double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
      return new Axis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step);
    }

    List<Double> ticks() {
      List<Double> t = new ArrayList<>();
      for (double v = min; v <= max + step * 1e-6; v += step) {
        t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
      }
      return t;
    }

    double px(double v, int from, int to) {
      return from + (v - min) / (max - min) * (to - from);
    }

    double py(double v, int bottom, int top) {
      return bottom - (v - min) / (max - min) * (bottom - top);
    }

    static String label(double v) {
      double a = Math.abs(v);
      if (a >= 10_000) {
        return String.format(Locale.ROOT, "%.0fk", v / 1000);
      }
      if (a >= 100 || v == Math.rint(v)) {
        return String.format(Locale.ROOT, "%.0f", v);
      }
      if (a >= 1) {
        return String.format(Locale.ROOT, "%.1f", v);
      }
      return String.format(Locale.ROOT, "%.2f", v);
    }
  }
}
