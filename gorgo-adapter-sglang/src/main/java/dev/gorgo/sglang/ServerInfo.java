package dev.gorgo.sglang;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The capacity facts a router needs from {@code /get_server_info} (or {@code /server_info}).
 * Immutable and thread-safe.
 *
 * <p>The concurrency cap follows the contract's guidance: per data-parallel rank, {@code
 * internal_states[k].effective_max_running_requests_per_dp}, else {@code
 * internal_states[k].max_running_requests}, summed over the ranks listed; when there is no {@code
 * internal_states}, the top-level {@code max_running_requests}. The KV capacity is the top-level
 * {@code max_total_num_tokens} (the real pool size), falling back to the {@code max_total_tokens}
 * flag.
 *
 * @param maxRunningRequests the server's concurrency cap, or -1 when unknown
 * @param maxTotalNumTokens KV cache capacity in tokens, or -1 when unknown
 * @param pageSize tokens per KV page, or -1 when unknown
 * @param chunkedPrefillSize prompt tokens per prefill chunk (-1 = disabled or unknown)
 * @param maxReqInputLen the longest accepted prompt in tokens, or -1 when unknown
 * @param dpSize data-parallel ranks, at least 1
 * @param servedModelName the served model name, or {@code null}
 * @param version the server version string, or {@code null}
 */
public record ServerInfo(
    int maxRunningRequests,
    long maxTotalNumTokens,
    int pageSize,
    int chunkedPrefillSize,
    long maxReqInputLen,
    int dpSize,
    @Nullable String servedModelName,
    @Nullable String version) {

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

  /**
   * Parses a server-info JSON body.
   *
   * @param json the body
   * @return the facts found (unknown ones are -1 or {@code null})
   * @throws IOException if the body is not a JSON object
   */
  public static ServerInfo parse(byte[] json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("server info is not a JSON object");
      }
      long topRunning = -1;
      long rankRunningSum = -1;
      long maxTotalNum = -1;
      long maxTotalFlag = -1;
      long page = -1;
      long chunked = -1;
      long inputLen = -1;
      long dp = 1;
      String model = null;
      String version = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "max_running_requests":
            topRunning = number(p, v);
            break;
          case "max_total_num_tokens":
            maxTotalNum = number(p, v);
            break;
          case "max_total_tokens":
            maxTotalFlag = number(p, v);
            break;
          case "page_size":
            page = number(p, v);
            break;
          case "chunked_prefill_size":
            chunked = number(p, v);
            break;
          case "max_req_input_len":
            inputLen = number(p, v);
            break;
          case "dp_size":
            dp = Math.max(1, number(p, v));
            break;
          case "served_model_name":
            model = v == JsonToken.VALUE_STRING ? p.getText() : null;
            p.skipChildren();
            break;
          case "version":
            version = v == JsonToken.VALUE_STRING ? p.getText() : null;
            p.skipChildren();
            break;
          case "internal_states":
            if (v == JsonToken.START_ARRAY) {
              rankRunningSum = internalStates(p);
            } else {
              p.skipChildren();
            }
            break;
          default:
            p.skipChildren();
        }
      }
      long running = rankRunningSum > 0 ? rankRunningSum : topRunning;
      long kv = maxTotalNum > 0 ? maxTotalNum : maxTotalFlag;
      return new ServerInfo(
          clampInt(running),
          kv > 0 ? kv : -1,
          clampInt(page),
          chunked == 0 ? -1 : clampInt(chunked),
          inputLen > 0 ? inputLen : -1,
          clampInt(dp),
          model,
          version);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IOException("unreadable server info (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Sums the per-rank caps; -1 if no rank states one. */
  private static long internalStates(JsonParser p) throws IOException {
    long sum = -1;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      long effective = -1;
      long running = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if ("effective_max_running_requests_per_dp".equals(name)) {
          effective = number(p, v);
        } else if ("max_running_requests".equals(name)) {
          running = number(p, v);
        } else {
          p.skipChildren();
        }
      }
      long rank = effective > 0 ? effective : running;
      if (rank > 0) {
        sum = Math.max(sum, 0) + rank;
      }
    }
    return sum;
  }

  private static long number(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return p.getLongValue();
    }
    if (v == JsonToken.VALUE_NUMBER_FLOAT) {
      return (long) p.getDoubleValue();
    }
    p.skipChildren();
    return -1;
  }

  private static int clampInt(long v) {
    return v < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, v);
  }
}
