package dev.gorgo.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A self-contained HTML report page: inline CSS, inline SVG, no scripts and no external resources,
 * so it opens from a file anywhere and can be attached to an issue. Not thread-safe.
 */
public final class Html {
  private final StringBuilder body = new StringBuilder();
  private final String title;

  /** Starts a page with this title. */
  public Html(String title) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
  }

  /** Adds a section heading. */
  public Html heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  /** Adds a paragraph of (escaped) text. */
  public Html paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** Adds pre-built markup (a table or an SVG produced by this package). */
  public Html raw(String markup) {
    body.append(markup).append('\n');
    return this;
  }

  /** The whole document. */
  public String render() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>"
        + escape(title)
        + "</title>\n<style>\n"
        + "body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;"
        + "margin:2em auto;max-width:1100px;color:#222;padding:0 1em}\n"
        + "h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}\n"
        + "table{border-collapse:collapse;margin:1em 0;font-size:.9em}\n"
        + "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}\n"
        + "th:first-child,td:first-child{text-align:left}th{background:#f4f4f4}\n"
        + "svg{display:block;margin:1em 0;max-width:100%;height:auto}\n"
        + "p.note{color:#555;font-size:.9em}\n"
        + "</style></head><body>\n"
        + body
        + "</body></html>\n";
  }

  /** Writes the document, creating parent directories. */
  public void write(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, render(), StandardCharsets.UTF_8);
  }

  /** Escapes text for HTML and SVG. */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
