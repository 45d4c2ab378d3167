package dev.gorgo.sglang.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gorgo.sglang.ExtractedPrompt;
import dev.gorgo.sglang.PromptException;
import dev.gorgo.sglang.RequestKind;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One run of {@link dev.gorgo.sglang.PromptExtractor}: walks the parser's tokens once and keeps
 * what it found (see the extractor for what the routing text is). Not thread-safe, short-lived: one
 * per body.
 */
public final class PromptReader {
  private final JsonParser p;
  private final RequestKind kind;
  private final int maxChars;
  private final int bodyLength;

  private @Nullable StringBuilder text;
  private int @Nullable [] ids;
  private int idCount;
  private boolean promptSeen;
  private boolean textSeen;
  private boolean idsSeen;
  private @Nullable String model;
  private boolean stream;
  private @Nullable String user;
  private int maxTokens = -1;
  private int maxCompletionTokens = -1;

  /**
   * Prepares one extraction.
   *
   * @param p the parser over the body, positioned before its first token
   * @param kind the kind of request
   * @param maxChars the longest routing text (and the most token ids) accepted
   * @param bodyLength the body's length in bytes, to size the text buffer once
   */
  public PromptReader(JsonParser p, RequestKind kind, int maxChars, int bodyLength) {
    this.p = p;
    this.kind = kind;
    this.maxChars = maxChars;
    this.bodyLength = bodyLength;
  }

  /**
   * Reads the body.
   *
   * @param sessionHeader the caller's session header value, or {@code null}
   * @return the extracted prompt
   * @throws IOException on malformed JSON (the caller maps it to a {@link PromptException})
   * @throws PromptException on a well-formed body without a usable prompt
   */
  public ExtractedPrompt read(@Nullable String sessionHeader) throws IOException, PromptException {
    JsonToken first = p.nextToken();
    if (first == null) {
      throw new PromptException(PromptException.Kind.MALFORMED_JSON, "empty request body");
    }
    if (first != JsonToken.START_OBJECT) {
      throw wrongType("the request body must be a JSON object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      field(name, p.nextToken());
    }
    if (p.nextToken() != null) {
      throw new PromptException(
          PromptException.Kind.MALFORMED_JSON, "content after the end of the JSON object");
    }
    int cap = maxCompletionTokens >= 0 ? maxCompletionTokens : maxTokens;
    String session = sessionHeader != null ? sessionHeader : user;
    if (!promptSeen) {
      throw new PromptException(PromptException.Kind.MISSING_PROMPT, missingMessage());
    }
    if (textSeen && idsSeen) {
      throw wrongType("give exactly one of text and input_ids");
    }
    if (idsSeen) {
      // An empty input_ids array leaves ids unallocated: it reads as no token ids, like [[]].
      int[] tokenIds = ids == null ? new int[0] : Arrays.copyOf(ids, idCount);
      return new ExtractedPrompt(null, tokenIds, model, stream, session, cap);
    }
    return new ExtractedPrompt(
        text == null ? "" : text.toString(), null, model, stream, session, cap);
  }

  private String missingMessage() {
    switch (kind) {
      case CHAT_COMPLETIONS:
        return "chat body has no messages";
      case COMPLETIONS:
        return "completions body has no prompt";
      default:
        return "generate body has none of text, input_ids, input_embeds";
    }
  }

  private void field(String name, JsonToken v) throws IOException, PromptException {
    switch (name) {
      case "model":
        model = optionalString(v, "model");
        return;
      case "stream":
        if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
          stream = v == JsonToken.VALUE_TRUE;
        } else if (v != JsonToken.VALUE_NULL) {
          throw wrongType("stream must be a boolean");
        }
        return;
      case "user":
        user = optionalString(v, "user");
        return;
      case "max_tokens":
        if (kind != RequestKind.GENERATE) {
          maxTokens = optionalCount(v, "max_tokens");
          return;
        }
        break;
      case "max_completion_tokens":
        if (kind == RequestKind.CHAT_COMPLETIONS) {
          maxCompletionTokens = optionalCount(v, "max_completion_tokens");
          return;
        }
        break;
      case "messages":
        if (kind == RequestKind.CHAT_COMPLETIONS) {
          messages(v);
          return;
        }
        break;
      case "prompt":
        if (kind == RequestKind.COMPLETIONS) {
          prompt(v, "prompt");
          return;
        }
        break;
      case "text":
        if (kind == RequestKind.GENERATE) {
          generateText(v);
          return;
        }
        break;
      case "input_ids":
        if (kind == RequestKind.GENERATE) {
          prompt(v, "input_ids");
          return;
        }
        break;
      case "input_embeds":
        if (kind == RequestKind.GENERATE && v != JsonToken.VALUE_NULL) {
          promptSeen = true; // routed with an empty key: embeddings have no text prefix
        }
        break;
      case "sampling_params":
        if (kind == RequestKind.GENERATE && v == JsonToken.START_OBJECT) {
          samplingParams();
          return;
        }
        break;
      default:
        break;
    }
    p.skipChildren();
  }

  private void samplingParams() throws IOException, PromptException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if ("max_new_tokens".equals(name)) {
        maxTokens = optionalCount(v, "sampling_params.max_new_tokens");
      } else {
        p.skipChildren();
      }
    }
  }

  private void messages(JsonToken v) throws IOException, PromptException {
    if (v == JsonToken.VALUE_NULL) {
      return;
    }
    if (v != JsonToken.START_ARRAY) {
      throw wrongType("messages must be an array");
    }
    // The text is never much longer than the body (JSON escapes only shrink): size it once.
    StringBuilder out = new StringBuilder(Math.min(bodyLength, maxChars) + 64);
    text = out;
    int count = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw wrongType("messages[" + count + "] must be an object");
      }
      message(out, count++);
    }
    promptSeen = count > 0;
    textSeen = promptSeen;
  }

  /** Appends {@code role: content\n}; content that precedes its role waits in a side buffer. */
  private void message(StringBuilder text, int index) throws IOException, PromptException {
    String role = null;
    boolean headerWritten = false;
    StringBuilder early = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      boolean content = "content".equals(name);
      if (content || "tool_calls".equals(name)) {
        StringBuilder out;
        if (role != null) {
          if (!headerWritten) {
            text.append(role).append(": ");
            headerWritten = true;
          }
          out = text;
        } else {
          out = early == null ? (early = new StringBuilder()) : early;
        }
        if (content) {
          content(out, v, index);
        } else {
          walk(v, out);
        }
        checkSize(out);
      } else if ("role".equals(name)) {
        if (v != JsonToken.VALUE_STRING) {
          throw wrongType("messages[" + index + "].role must be a string");
        }
        role = p.getText().toLowerCase(Locale.ROOT);
      } else {
        p.skipChildren();
      }
    }
    if (!headerWritten) {
      text.append(role == null ? "" : role).append(": ");
    }
    if (early != null) {
      text.append(early);
    }
    text.append('\n');
    checkSize(text);
  }

  private void content(StringBuilder out, JsonToken v, int index)
      throws IOException, PromptException {
    if (v == JsonToken.VALUE_STRING) {
      appendText(out);
    } else if (v == JsonToken.START_ARRAY) {
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == JsonToken.VALUE_STRING) {
          appendText(out);
        } else if (t == JsonToken.START_OBJECT) {
          contentPart(out);
        } else {
          throw wrongType("messages[" + index + "].content parts must be objects");
        }
        checkSize(out);
      }
    } else if (v != JsonToken.VALUE_NULL) {
      throw wrongType("messages[" + index + "].content must be a string, an array or null");
    }
  }

  /** A text part appends its text; any other part appends a marker with a hash of its fields. */
  private void contentPart(StringBuilder out) throws IOException, PromptException {
    String type = null;
    int hash = 0x2545F491;
    boolean hashed = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if ("text".equals(name) && v == JsonToken.VALUE_STRING) {
        appendText(out);
      } else if ("type".equals(name) && v == JsonToken.VALUE_STRING) {
        type = p.getText();
      } else {
        hash = mix(hash, name);
        hash = hashValue(v, hash);
        hashed = true;
      }
    }
    if (hashed) {
      out.append('[').append(type == null ? "part" : type).append(':');
      out.append(Integer.toHexString(hash)).append(']');
    }
  }

  /** Appends every string inside the current value (used for tool calls). */
  private void walk(JsonToken v, StringBuilder out) throws IOException, PromptException {
    int depth = 0;
    JsonToken t = v;
    while (true) {
      if (t == null) {
        throw new PromptException(PromptException.Kind.MALFORMED_JSON, "unexpected end");
      }
      if (t.isStructStart()) {
        depth++;
      } else if (t.isStructEnd()) {
        depth--;
      } else if (t == JsonToken.VALUE_STRING) {
        appendText(out);
        out.append(' ');
        checkSize(out);
      }
      if (depth == 0) {
        return;
      }
      t = p.nextToken();
    }
  }

  private int hashValue(JsonToken v, int seed) throws IOException, PromptException {
    int h = seed;
    int depth = 0;
    JsonToken t = v;
    while (true) {
      if (t == null) {
        throw new PromptException(PromptException.Kind.MALFORMED_JSON, "unexpected end");
      }
      if (t.isStructStart()) {
        depth++;
      } else if (t.isStructEnd()) {
        depth--;
      } else {
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int end = off + p.getTextLength();
        for (int i = off; i < end; i++) {
          h = h * 31 + c[i];
        }
        h = h * 0x01000193 ^ t.ordinal();
      }
      if (depth == 0) {
        return h;
      }
      t = p.nextToken();
    }
  }

  private static int mix(int h, String s) {
    return h * 0x01000193 ^ s.hashCode();
  }

  /** Completions {@code prompt} or generate {@code input_ids}: text, texts, ids or id lists. */
  private void prompt(JsonToken v, String field) throws IOException, PromptException {
    if (v == JsonToken.VALUE_NULL) {
      return;
    }
    if (v == JsonToken.VALUE_STRING && !"input_ids".equals(field)) {
      text = new StringBuilder(p.getTextLength());
      appendText(text);
      promptSeen = textSeen = true;
      return;
    }
    if (v != JsonToken.START_ARRAY) {
      throw wrongType(
          field + " must be " + ("prompt".equals(field) ? "a string or " : "") + "an array");
    }
    JsonToken first = p.nextToken();
    promptSeen = true;
    if (first == JsonToken.END_ARRAY) {
      if ("prompt".equals(field)) {
        textSeen = true;
      } else {
        idsSeen = true;
      }
      return;
    }
    if (first == JsonToken.VALUE_STRING && "prompt".equals(field)) {
      textSeen = true;
      strings(first, field);
    } else if (first == JsonToken.VALUE_NUMBER_INT) {
      idsSeen = true;
      ids(first, field);
    } else if (first == JsonToken.START_ARRAY) {
      idsSeen = true;
      JsonToken t = first;
      do {
        if (t != JsonToken.START_ARRAY) {
          throw wrongType(field + " must not mix token-id lists with other values");
        }
        ids(p.nextToken(), field);
      } while ((t = p.nextToken()) != JsonToken.END_ARRAY);
    } else {
      throw wrongType(field + " elements have the wrong type");
    }
  }

  private void generateText(JsonToken v) throws IOException, PromptException {
    if (v == JsonToken.VALUE_NULL) {
      return;
    }
    if (v == JsonToken.VALUE_STRING) {
      text = new StringBuilder(p.getTextLength());
      appendText(text);
    } else if (v == JsonToken.START_ARRAY) {
      JsonToken first = p.nextToken();
      text = new StringBuilder();
      if (first != JsonToken.END_ARRAY) {
        strings(first, "text");
      }
    } else {
      throw wrongType("text must be a string or an array of strings");
    }
    promptSeen = textSeen = true;
  }

  /** Strings of an array joined by newlines; {@code t} is the first element. */
  private void strings(JsonToken first, String field) throws IOException, PromptException {
    text = new StringBuilder();
    JsonToken t = first;
    boolean firstElement = true;
    do {
      if (t != JsonToken.VALUE_STRING) {
        throw wrongType(field + " must not mix strings with other values");
      }
      if (!firstElement) {
        text.append('\n');
      }
      firstElement = false;
      appendText(text);
    } while ((t = p.nextToken()) != JsonToken.END_ARRAY);
  }

  /** Token ids until the end of the current array; {@code t} is the first element. */
  private void ids(JsonToken first, String field) throws IOException, PromptException {
    if (ids == null) {
      ids = new int[64];
    }
    JsonToken t = first;
    while (t != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_NUMBER_INT
          || p.getNumberType() != JsonParser.NumberType.INT
          || p.getIntValue() < 0) {
        throw wrongType(field + " must hold non-negative int token ids");
      }
      if (idCount == ids.length) {
        if (idCount >= maxChars) {
          throw new PromptException(
              PromptException.Kind.TOO_LARGE, field + " exceeds " + maxChars + " token ids");
        }
        ids = Arrays.copyOf(ids, idCount * 2);
      }
      ids[idCount++] = p.getIntValue();
      t = p.nextToken();
    }
  }

  private void appendText(StringBuilder out) throws IOException, PromptException {
    int len = p.getTextLength();
    if (out.length() + (long) len > maxChars) {
      throw tooLong();
    }
    out.append(p.getTextCharacters(), p.getTextOffset(), len);
  }

  private void checkSize(StringBuilder out) throws PromptException {
    if (out.length() > maxChars) {
      throw tooLong();
    }
  }

  private PromptException tooLong() {
    return new PromptException(
        PromptException.Kind.TOO_LARGE, "prompt exceeds " + maxChars + " characters");
  }

  private @Nullable String optionalString(JsonToken v, String field)
      throws IOException, PromptException {
    if (v == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    throw wrongType(field + " must be a string");
  }

  /** A non-negative count; larger than int saturates, negative reads as absent (-1). */
  private int optionalCount(JsonToken v, String field) throws IOException, PromptException {
    if (v == JsonToken.VALUE_NULL) {
      return -1;
    }
    if (v != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(field + " must be an integer");
    }
    if (p.getNumberType() != JsonParser.NumberType.INT) {
      return p.getDecimalValue().signum() < 0 ? -1 : Integer.MAX_VALUE;
    }
    return Math.max(-1, p.getIntValue());
  }

  private static PromptException wrongType(String message) {
    return new PromptException(PromptException.Kind.WRONG_TYPE, message);
  }
}
