package dev.gorgo.sim.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Mooncake-format JSONL traces: one request per line,
 *
 * <pre>
 * {@code {"timestamp": 27482, "input_length": 6955, "output_length": 52, "hash_ids": [46, 47, ...]}}
 * </pre>
 *
 * where {@code timestamp} is the arrival in ms from the trace's start and {@code hash_ids} are
 * prefix block hashes of {@code blockTokens} tokens each (512 in the Mooncake release): equal ids
 * at equal positions mean the same block. Each id becomes one segment of the prompt, the last one
 * shortened so that the prompt has exactly {@code input_length} tokens, so requests that share
 * their first {@code k} ids share a {@code k * blockTokens}-token prefix, as in the real trace.
 *
 * <p>Client and conversation: the trace has neither, so both are derived from {@code hash_ids[1]},
 * which identifies a conversation (every request starts with the shared system block 0): the
 * session key is {@code "conv-" + hash_ids[1]} and the client hash is {@code hash_ids[1]} (or
 * {@code hash_ids[0]} for one-block prompts), from which the simulation picks the client's region
 * with the topology's weights. So all turns of a conversation come from one region. Other traces in
 * the same format may add {@code "session"} (a string) and {@code "region"} fields, which then take
 * precedence.
 *
 * <p>Stateless and thread-safe.
 */
public final class MooncakeTrace {
  /** The block size of the Mooncake release's hash ids. */
  public static final int MOONCAKE_BLOCK_TOKENS = 512;

  private static final ObjectMapper JSON = new ObjectMapper();

  private MooncakeTrace() {}

  /**
   * Reads a trace file with 512-token blocks.
   *
   * @param file the JSONL file
   * @return the workload, named after the file
   * @throws IllegalArgumentException if a line is malformed (the message gives the line number and
   *     what is wrong)
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Workload read(Path file) {
    return read(file, MOONCAKE_BLOCK_TOKENS);
  }

  /**
   * Reads a trace file.
   *
   * @param file the JSONL file
   * @param blockTokens tokens per hash id; at least 1
   * @return the workload, named after the file
   * @throws IllegalArgumentException if a line is malformed
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Workload read(Path file, int blockTokens) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(file.getFileName().toString(), in, blockTokens);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a trace from a reader. Blank lines are skipped.
   *
   * @param name the workload's name
   * @param reader the JSONL text; not closed
   * @param blockTokens tokens per hash id; at least 1
   * @return the workload
   * @throws IllegalArgumentException if a line is malformed
   * @throws IOException if reading fails
   */
  public static Workload read(String name, Reader reader, int blockTokens) throws IOException {
    if (blockTokens < 1) {
      throw new IllegalArgumentException("blockTokens must be >= 1, was " + blockTokens);
    }
    BufferedReader in =
        reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    List<TraceRequest> out = new ArrayList<>();
    String line;
    int lineNo = 0;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(parse(line, lineNo, blockTokens));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " line " + lineNo + ": " + e.getMessage(), e);
      }
    }
    return new Workload(name, out);
  }

  private static TraceRequest parse(String line, int lineNo, int blockTokens) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    long timestamp = integer(n, "timestamp", 0);
    int input = (int) integer(n, "input_length", 1);
    int output = (int) integer(n, "output_length", 0);
    JsonNode ids = n.get("hash_ids");
    if (ids == null || !ids.isArray() || ids.isEmpty()) {
      throw new IllegalArgumentException("\"hash_ids\" must be a non-empty array");
    }
    int blocks = ids.size();
    long expected = ((long) input + blockTokens - 1) / blockTokens;
    if (blocks != expected) {
      throw new IllegalArgumentException(
          "input_length "
              + input
              + " needs "
              + expected
              + " hash ids of "
              + blockTokens
              + " tokens, found "
              + blocks);
    }
    int[] segs = new int[blocks];
    int[] lens = new int[blocks];
    for (int i = 0; i < blocks; i++) {
      JsonNode id = ids.get(i);
      if (!id.canConvertToInt() || id.asInt() < 0) {
        throw new IllegalArgumentException("hash_ids[" + i + "] must be a non-negative integer");
      }
      segs[i] = id.asInt();
      lens[i] = i < blocks - 1 ? blockTokens : input - blockTokens * (blocks - 1);
    }
    int conv = blocks > 1 ? segs[1] : segs[0];
    String session =
        n.hasNonNull("session") ? n.get("session").asText() : "conv-" + Integer.toString(conv);
    String region = n.hasNonNull("region") ? n.get("region").asText() : null;
    long clientHash = n.hasNonNull("session") ? session.hashCode() : conv;
    return new TraceRequest(
        "r" + lineNo,
        timestamp * 1_000_000L,
        segs,
        lens,
        // Zero-length outputs exist in some traces; the engine produces at least one token.
        Math.max(1, output),
        -1,
        session,
        clientHash,
        region);
  }

  private static long integer(JsonNode n, String field, long min) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("\"" + field + "\" must be an integer");
    }
    long x = v.asLong();
    if (x < min || x > Integer.MAX_VALUE && !field.equals("timestamp")) {
      throw new IllegalArgumentException("\"" + field + "\" out of range: " + x);
    }
    return x;
  }
}
