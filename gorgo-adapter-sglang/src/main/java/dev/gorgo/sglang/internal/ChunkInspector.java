package dev.gorgo.sglang.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * Looks into one response chunk from SGLang (an SSE event's data, or a whole non-streamed JSON
 * body) for what a router measures: does it carry generated content (the first such chunk marks the
 * time to first token), usage counts, an error, or the {@code [DONE]} terminator.
 *
 * <p>Content means a non-empty {@code choices[].delta.content}, {@code reasoning_content} or {@code
 * tool_calls} (chat), a non-empty {@code choices[].text} (completions), {@code choices[].message}
 * content (non-streamed chat), or a non-empty top-level {@code text} ({@code /generate}). Usage
 * comes from {@code usage} ({@code prompt_tokens}, {@code completion_tokens}, {@code
 * prompt_tokens_details.cached_tokens}) or from {@code /generate}'s {@code meta_info} ({@code
 * prompt_tokens}, {@code completion_tokens}, {@code cached_tokens}).
 *
 * <p>The inspector never throws: a chunk that is not JSON simply carries nothing. Not thread-safe
 * (the result fields are reused); one per stream.
 */
public final class ChunkInspector {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

  /** Creates an inspector with nothing reported yet. */
  public ChunkInspector() {}

  /** Whether the last inspected chunk carried generated content. */
  public boolean content;

  /** Whether the last inspected chunk was the {@code [DONE]} terminator. */
  public boolean done;

  /** Whether the last inspected chunk carried an {@code error} object. */
  public boolean error;

  /** Prompt tokens reported so far, or -1. */
  public long promptTokens = -1;

  /** Completion tokens reported so far, or -1. */
  public long completionTokens = -1;

  /** Cached prompt tokens reported so far, or -1. */
  public long cachedTokens = -1;

  /**
   * Inspects one chunk; updates the fields above (usage fields keep the latest reported value).
   *
   * @param bytes buffer
   * @param offset start of the chunk
   * @param length length of the chunk
   */
  public void inspect(byte[] bytes, int offset, int length) {
    content = false;
    done = false;
    error = false;
    int from = offset;
    int to = offset + length;
    while (from < to && isSpace(bytes[from])) {
      from++;
    }
    while (to > from && isSpace(bytes[to - 1])) {
      to--;
    }
    if (to - from == 6
        && bytes[from] == '['
        && bytes[from + 1] == 'D'
        && bytes[from + 2] == 'O'
        && bytes[from + 3] == 'N'
        && bytes[from + 4] == 'E'
        && bytes[from + 5] == ']') {
      done = true;
      return;
    }
    if (from == to || bytes[from] != '{') {
      return;
    }
    try (JsonParser p = FACTORY.createParser(bytes, from, to - from)) {
      p.nextToken();
      object(p, 0);
    } catch (IOException | RuntimeException e) {
      // Not JSON (or truncated): the chunk is relayed as it is and carries nothing we measure.
      content = false;
      error = false;
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /** Top level (depth 0) or a choice (depth 1); the parser is at START_OBJECT. */
  private void object(JsonParser p, int depth) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (depth == 0 && "choices".equals(name) && v == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          object(p, 1);
        }
      } else if ("text".equals(name) && v == JsonToken.VALUE_STRING) {
        content |= p.getTextLength() > 0;
      } else if (depth == 1
          && ("delta".equals(name) || "message".equals(name))
          && v == JsonToken.START_OBJECT) {
        delta(p);
      } else if (depth == 0 && "usage".equals(name) && v == JsonToken.START_OBJECT) {
        usage(p, false);
      } else if (depth == 0 && "meta_info".equals(name) && v == JsonToken.START_OBJECT) {
        usage(p, true);
      } else if (depth == 0 && "error".equals(name) && v != JsonToken.VALUE_NULL) {
        error = true;
        p.skipChildren();
      } else {
        p.skipChildren();
      }
    }
  }

  private void delta(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (("content".equals(name) || "reasoning_content".equals(name))
          && v == JsonToken.VALUE_STRING) {
        content |= p.getTextLength() > 0;
      } else if ("tool_calls".equals(name) && v == JsonToken.START_ARRAY) {
        content |= p.nextToken() != JsonToken.END_ARRAY;
        if (p.currentToken() != JsonToken.END_ARRAY) {
          p.skipChildren();
          JsonToken t;
          while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
  }

  private void usage(JsonParser p, boolean metaInfo) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NUMBER_INT) {
        long n = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? -1 : p.getLongValue();
        if ("prompt_tokens".equals(name)) {
          promptTokens = n;
        } else if ("completion_tokens".equals(name)) {
          completionTokens = n;
        } else if (metaInfo && "cached_tokens".equals(name)) {
          cachedTokens = n;
        }
      } else if (!metaInfo && "prompt_tokens_details".equals(name) && v == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String detail = p.currentName();
          JsonToken dv = p.nextToken();
          if ("cached_tokens".equals(detail)
              && dv == JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            cachedTokens = p.getLongValue();
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
  }
}
