package dev.gorgo.cli.bench;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorgo.cli.UsageException;
import dev.gorgo.cli.bench.BenchRequest.ChatMessage;
import dev.gorgo.cli.bench.BenchRequest.Content;
import dev.gorgo.cli.bench.BenchRequest.Messages;
import dev.gorgo.cli.bench.BenchRequest.Segments;
import dev.gorgo.cli.bench.BenchRequest.Text;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads workloads from files. Two line formats are accepted, one JSON object per line:
 *
 * <ul>
 *   <li><b>prompts</b>: {@code {"prompt": "..."}} (or {@code "text"}) or {@code {"messages":
 *       [{"role": ..., "content": ...}, ...]}}, optionally with {@code max_tokens} / {@code
 *       output_tokens}, {@code timestamp} (ms, for replay) and {@code session};
 *   <li><b>Mooncake traces</b>: {@code {"timestamp", "input_length", "output_length", "hash_ids"}};
 *       the text is synthesised per 512-token block ({@link SegmentText}) and the conversation key
 *       is {@code hash_ids[1]} (the first block after the shared system prompt).
 * </ul>
 *
 * Any malformed line stops the load with a {@link UsageException} naming the file and line.
 */
public final class Workloads {
  /** File formats; {@code AUTO} looks at the first record. */
  public enum Format {
    AUTO,
    JSONL,
    MOONCAKE
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private Workloads() {}

  /**
   * Loads up to {@code limit} requests from a JSONL file.
   *
   * @param file the file
   * @param format the line format, or {@code AUTO}
   * @param defaultMaxTokens {@code max_tokens} for prompt lines that carry none (0 = none)
   * @param limit most requests to read (the rest of the file is not read)
   * @return the workload
   * @throws UsageException if the file is missing, unreadable, empty or malformed
   */
  public static Workload load(Path file, Format format, int defaultMaxTokens, int limit) {
    List<BenchRequest> requests = new ArrayList<>();
    Format detected = format;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while (requests.size() < limit && (line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JacksonException e) {
          throw bad(file, lineNo, "not valid JSON");
        }
        if (!node.isObject()) {
          throw bad(file, lineNo, "expected a JSON object");
        }
        if (detected == Format.AUTO) {
          detected = node.has("hash_ids") ? Format.MOONCAKE : Format.JSONL;
        }
        int index = requests.size();
        requests.add(
            detected == Format.MOONCAKE
                ? mooncake(node, index, file, lineNo)
                : prompt(node, index, defaultMaxTokens, file, lineNo));
      }
    } catch (NoSuchFileException e) {
      throw new UsageException("data file not found: " + file);
    } catch (IOException e) {
      throw new UsageException("cannot read data file " + file + ": " + e.getMessage(), e);
    }
    if (requests.isEmpty()) {
      throw new UsageException("data file " + file + " holds no requests");
    }
    String kind = detected == Format.MOONCAKE ? "Mooncake trace" : "JSONL prompts";
    return new ListWorkload(
        kind + " " + file.getFileName() + " (" + requests.size() + " requests)", requests);
  }

  private static BenchRequest mooncake(JsonNode node, int index, Path file, int line) {
    JsonNode ids = node.get("hash_ids");
    if (ids == null || !ids.isArray() || ids.isEmpty()) {
      throw bad(file, line, "'hash_ids' must be a non-empty array of block ids");
    }
    int[] hashIds = new int[ids.size()];
    for (int i = 0; i < hashIds.length; i++) {
      if (!ids.get(i).isIntegralNumber() || !ids.get(i).canConvertToInt()) {
        throw bad(file, line, "'hash_ids' must hold integers");
      }
      hashIds[i] = ids.get(i).intValue();
    }
    int input = positiveInt(node, "input_length", file, line);
    int output = positiveInt(node, "output_length", file, line);
    long timestamp = node.path("timestamp").asLong(-1);
    String session = "b" + (hashIds.length > 1 ? hashIds[1] : hashIds[0]);
    int[] lengths = SegmentText.mooncakeLengths(hashIds.length, input);
    int[] segmentIds = java.util.Arrays.copyOf(hashIds, lengths.length);
    return new BenchRequest(
        index, new Segments(segmentIds, lengths), input, output, Math.max(-1, timestamp), session);
  }

  private static BenchRequest prompt(
      JsonNode node, int index, int defaultMaxTokens, Path file, int line) {
    Content content;
    int tokens;
    JsonNode messages = node.get("messages");
    JsonNode text = node.has("prompt") ? node.get("prompt") : node.get("text");
    if (messages != null) {
      if (!messages.isArray() || messages.isEmpty()) {
        throw bad(file, line, "'messages' must be a non-empty array");
      }
      List<ChatMessage> list = new ArrayList<>();
      tokens = 0;
      for (JsonNode m : messages) {
        String role = m.path("role").asText("");
        String body = contentText(m.get("content"));
        if (role.isEmpty() || body == null) {
          throw bad(file, line, "each message needs a 'role' and a text 'content'");
        }
        list.add(new ChatMessage(role, body));
        tokens += Words.estimateTokens(body);
      }
      content = new Messages(list);
    } else if (text != null && text.isTextual()) {
      content = new Text(text.asText());
      tokens = Words.estimateTokens(text.asText());
    } else {
      throw bad(file, line, "needs a 'prompt' string or a 'messages' array");
    }
    int maxTokens = defaultMaxTokens;
    for (String field : new String[] {"max_tokens", "output_tokens", "output_length"}) {
      if (node.has(field)) {
        maxTokens = positiveInt(node, field, file, line);
        break;
      }
    }
    long timestamp = node.path("timestamp").asLong(-1);
    String session = node.path("session").asText("r" + index);
    return new BenchRequest(index, content, tokens, maxTokens, timestamp, session);
  }

  /** A message's text: a string, or the concatenated text parts of a content array. */
  private static String contentText(JsonNode content) {
    if (content == null) {
      return null;
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        if (part.path("text").isTextual()) {
          sb.append(part.get("text").asText());
        }
      }
      return sb.toString();
    }
    return null;
  }

  private static int positiveInt(JsonNode node, String field, Path file, int line) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
      throw bad(file, line, "'" + field + "' must be a positive integer");
    }
    return v.intValue();
  }

  private static UsageException bad(Path file, int line, String what) {
    return new UsageException(file + " line " + line + ": " + what);
  }
}
