package dev.gorgo.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table of strings rendered with aligned columns (text) or as an HTML table. The first column is
 * left-aligned, the others right-aligned (they hold numbers). Not thread-safe.
 */
public final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  /** Creates a table with these column headings. */
  public TextTable(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row; it must have one cell per column. */
  public TextTable row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table has " + header.size() + " columns");
    }
    rows.add(List.of(cells));
    return this;
  }

  /** The rows added so far. */
  public List<List<String>> rows() {
    return List.copyOf(rows);
  }

  /** Renders as text, columns separated by two spaces, with a rule under the header. */
  public String render() {
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = header.get(c).length();
      for (List<String> row : rows) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, width);
    for (int c = 0; c < width.length; c++) {
      sb.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
    }
    sb.append('\n');
    for (List<String> row : rows) {
      line(sb, row, width);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    for (int c = 0; c < width.length; c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(width[c] - cell.length());
      sb.append(c == 0 ? "" : "  ").append(c == 0 ? cell + pad : pad + cell);
    }
    sb.append('\n');
  }

  /** Renders as an HTML table (cells escaped). */
  public String html() {
    StringBuilder sb = new StringBuilder("<table>\n<tr>");
    for (String h : header) {
      sb.append("<th>").append(Html.escape(h)).append("</th>");
    }
    sb.append("</tr>\n");
    for (List<String> row : rows) {
      sb.append("<tr>");
      for (String cell : row) {
        sb.append("<td>").append(Html.escape(cell)).append("</td>");
      }
      sb.append("</tr>\n");
    }
    return sb.append("</table>\n").toString();
  }

  /** Formats a number with the given decimals; "-" for NaN. */
  public static String num(double v, int decimals) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  /** Formats a fraction as a percentage with one decimal; "-" for NaN. */
  public static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }
}
