package dev.gorgo.sglang.internal;

import dev.gorgo.sglang.MetricSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A tolerant parser for the Prometheus text exposition format (version 0.0.4), keeping only
 * SGLang's samples. Lines that do not parse are skipped and counted, never fatal: a scraper must
 * survive whatever a gateway or a future server version adds. Label values may contain escaped
 * quotes, backslashes and newlines; values may be {@code NaN}, {@code +Inf} or {@code -Inf};
 * timestamps are ignored.
 *
 * <p>Linear in the input; stateless and thread-safe.
 */
public final class PrometheusTextParser {
  private PrometheusTextParser() {}

  /** What a parse produced. */
  public static final class Result {
    /** The SGLang samples, names normalised (prefix stripped). */
    public final List<MetricSample> samples = new ArrayList<>();

    /** Creates an empty result. */
    public Result() {}

    /** How many non-comment lines could not be parsed. */
    public int malformedLines;
  }

  /**
   * Parses an exposition.
   *
   * @param text the exposition
   * @return the SGLang samples and the count of malformed lines
   */
  public static Result parse(CharSequence text) {
    Result result = new Result();
    int n = text.length();
    int pos = 0;
    while (pos < n) {
      int eol = pos;
      while (eol < n && text.charAt(eol) != '\n') {
        eol++;
      }
      if (!line(text, pos, eol, result)) {
        result.malformedLines++;
      }
      pos = eol + 1;
    }
    return result;
  }

  /** Returns false when the line is malformed; true when it is a sample, a comment or blank. */
  private static boolean line(CharSequence s, int from, int to, Result result) {
    int i = skipSpaces(s, from, to);
    if (to > i && s.charAt(to - 1) == '\r') {
      to--;
    }
    if (i >= to || s.charAt(i) == '#') {
      return true;
    }
    int nameStart = i;
    if (!isNameStart(s.charAt(i))) {
      return false;
    }
    while (i < to && isNameChar(s.charAt(i))) {
      i++;
    }
    String name = s.subSequence(nameStart, i).toString();
    String normalized = normalize(name);
    Map<String, String> labels = Map.of();
    if (i < to && s.charAt(i) == '{') {
      Map<String, String> parsed = normalized == null ? null : new HashMap<>(8);
      i = labels(s, i + 1, to, parsed);
      if (i < 0) {
        return false;
      }
      if (parsed != null) {
        labels = parsed;
      }
    }
    int vStart = skipSpaces(s, i, to);
    if (vStart == i && vStart < to) {
      return false; // the value must be separated from the name
    }
    int vEnd = vStart;
    while (vEnd < to && s.charAt(vEnd) != ' ' && s.charAt(vEnd) != '\t') {
      vEnd++;
    }
    if (vEnd == vStart) {
      return false;
    }
    double value;
    try {
      value = parseValue(s.subSequence(vStart, vEnd).toString());
    } catch (NumberFormatException e) {
      return false;
    }
    if (normalized != null) {
      result.samples.add(new MetricSample(normalized, labels, value));
    }
    return true;
  }

  /** Parses labels after '{'; returns the index after '}' or -1 when malformed. */
  private static int labels(CharSequence s, int i, int to, @Nullable Map<String, String> into) {
    StringBuilder value = new StringBuilder();
    while (true) {
      i = skipSpaces(s, i, to);
      if (i >= to) {
        return -1;
      }
      if (s.charAt(i) == '}') {
        return i + 1;
      }
      int ns = i;
      if (!isLabelStart(s.charAt(i))) {
        return -1;
      }
      while (i < to && isLabelChar(s.charAt(i))) {
        i++;
      }
      String label = s.subSequence(ns, i).toString();
      i = skipSpaces(s, i, to);
      if (i >= to || s.charAt(i) != '=') {
        return -1;
      }
      i = skipSpaces(s, i + 1, to);
      if (i >= to || s.charAt(i) != '"') {
        return -1;
      }
      i++;
      value.setLength(0);
      boolean closed = false;
      while (i < to) {
        char c = s.charAt(i++);
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < to) {
          char e = s.charAt(i++);
          value.append(e == 'n' ? '\n' : e);
        } else {
          value.append(c);
        }
      }
      if (!closed) {
        return -1;
      }
      if (into != null) {
        into.put(label, value.toString());
      }
      i = skipSpaces(s, i, to);
      if (i < to && s.charAt(i) == ',') {
        i++;
      } else if (i >= to || s.charAt(i) != '}') {
        return -1;
      }
    }
  }

  static double parseValue(String v) {
    switch (v) {
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        break;
    }
    // Double.parseDouble also accepts Java-only forms (hex, "1d", "Infinity"); refuse them.
    for (int k = 0; k < v.length(); k++) {
      char c = v.charAt(k);
      if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
        throw new NumberFormatException("not a Prometheus number");
      }
    }
    return Double.parseDouble(v);
  }

  /** Strips {@code sglang:} or {@code sglang_}; returns null for other metrics. */
  static @Nullable String normalize(String name) {
    if (name.length() > 7
        && name.startsWith("sglang")
        && (name.charAt(6) == ':' || name.charAt(6) == '_')) {
      return name.substring(7);
    }
    return null;
  }

  private static int skipSpaces(CharSequence s, int i, int to) {
    while (i < to && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  private static boolean isNameChar(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }

  private static boolean isLabelStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isLabelChar(char c) {
    return isLabelStart(c) || (c >= '0' && c <= '9');
  }
}
