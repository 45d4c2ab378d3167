package dev.gorgo.emulator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorgo.emulator.internal.GenRequest.Route;

/**
 * Parses the bodies of {@code /v1/chat/completions}, {@code /v1/completions} and {@code /generate}
 * into {@link GenRequest}s, refusing what SGLang refuses with a 400.
 *
 * <p>Chat messages are rendered as {@code role + "\n"}, spaces up to a four-character boundary, the
 * text and {@code "\n"} per message, followed by the generation prompt {@code "assistant\n"}
 * (padded likewise): a stand-in for a chat template that keeps a conversation's rendering plus its
 * answer a prefix of its next turn's, so growing histories hit the prefix cache. Error messages
 * describe the problem, never the prompt. Thread-safe.
 */
public final class RequestParser {
  private final ObjectMapper json;
  private final int contextLength;

  /**
   * Creates a parser.
   *
   * @param json the mapper
   * @param contextLength the model's context window in tokens
   */
  public RequestParser(ObjectMapper json, int contextLength) {
    this.json = json;
    this.contextLength = contextLength;
  }

  /**
   * Parses a body.
   *
   * @param route the route it came through
   * @param body the raw body
   * @return the request
   * @throws ApiException with status 400 for anything SGLang would refuse
   */
  public GenRequest parse(Route route, byte[] body) throws ApiException {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw ApiException.badRequest(
          "JSON decode error"
              + (loc == null
                  ? ""
                  : " at line " + loc.getLineNr() + " column " + loc.getColumnNr()));
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("Could not read the request body");
    }
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest("The request body must be a JSON object");
    }
    return switch (route) {
      case CHAT -> chat(root);
      case COMPLETION -> completion(root);
      case GENERATE -> generate(root);
    };
  }

  private GenRequest chat(JsonNode root) throws ApiException {
    JsonNode messages = root.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw ApiException.badRequest("messages: Field required and must be a non-empty list");
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      if (!m.isObject() || !m.path("role").isTextual()) {
        throw ApiException.badRequest("messages." + i + ": each message needs a string 'role'");
      }
      header(text, m.get("role").asText().toLowerCase(java.util.Locale.ROOT));
      JsonNode content = m.get("content");
      if (content == null || content.isNull()) {
        // assistant turns with tool calls may omit content
      } else if (content.isTextual()) {
        text.append(content.asText());
      } else if (content.isArray()) {
        for (JsonNode part : content) {
          if (part.isObject() && part.path("text").isTextual()) {
            text.append(part.get("text").asText());
          } else if (!part.isObject() || !part.path("type").isTextual()) {
            throw ApiException.badRequest("messages." + i + ".content: invalid content part");
          }
        }
      } else {
        throw ApiException.badRequest("messages." + i + ".content: must be a string or a list");
      }
      text.append('\n');
    }
    header(text, "assistant"); // the generation prompt: the answer follows it
    int max = positiveInt(root, "max_completion_tokens", positiveInt(root, "max_tokens", 128));
    return build(Route.CHAT, root, max, PromptTokens.tokenize(text));
  }

  private GenRequest completion(JsonNode root) throws ApiException {
    JsonNode prompt = root.get("prompt");
    int[] tokens;
    if (prompt == null || prompt.isNull()) {
      throw ApiException.badRequest("prompt: Field required");
    } else if (prompt.isTextual()) {
      tokens = PromptTokens.tokenize(prompt.asText());
    } else if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
      tokens = PromptTokens.tokenize(prompt.get(0).asText());
    } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isIntegralNumber()) {
      tokens = tokenIds(prompt, "prompt");
    } else if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isArray()) {
      tokens = tokenIds(prompt.get(0), "prompt");
    } else if (prompt.isArray() && prompt.size() > 1) {
      throw new ApiException(501, "Batched prompts are not supported by this emulator");
    } else {
      throw ApiException.badRequest("prompt: must be a string, a list of strings or token ids");
    }
    return build(Route.COMPLETION, root, positiveInt(root, "max_tokens", 16), tokens);
  }

  private GenRequest generate(JsonNode root) throws ApiException {
    JsonNode text = root.get("text");
    JsonNode ids = root.get("input_ids");
    boolean hasText = text != null && !text.isNull();
    boolean hasIds = ids != null && !ids.isNull();
    if (hasText == hasIds) {
      throw ApiException.badRequest("Either text or input_ids should be provided.");
    }
    int[] tokens;
    if (hasText && text.isTextual()) {
      tokens = PromptTokens.tokenize(text.asText());
    } else if (hasIds && ids.isArray() && (ids.isEmpty() || ids.get(0).isIntegralNumber())) {
      tokens = tokenIds(ids, "input_ids");
    } else if ((hasText ? text : ids).isArray()) {
      throw new ApiException(501, "Batched requests are not supported by this emulator");
    } else {
      throw ApiException.badRequest("text must be a string, input_ids a list of integers");
    }
    JsonNode params = root.path("sampling_params");
    if (!params.isMissingNode() && !params.isNull() && !params.isObject()) {
      throw ApiException.badRequest("sampling_params must be an object");
    }
    return build(Route.GENERATE, root, positiveInt(params, "max_new_tokens", 128), tokens);
  }

  private GenRequest build(Route route, JsonNode root, int maxTokens, int[] prompt)
      throws ApiException {
    if (prompt.length == 0) {
      throw ApiException.badRequest("The prompt is empty.");
    }
    JsonNode n = root.get("n");
    if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asInt() == 1)) {
      throw new ApiException(501, "n other than 1 is not supported by this emulator");
    }
    if ((long) prompt.length + maxTokens > contextLength) {
      throw ApiException.badRequest(
          "Requested token count exceeds the model's maximum context length of "
              + contextLength
              + " tokens. You requested a total of "
              + ((long) prompt.length + maxTokens)
              + " tokens: "
              + prompt.length
              + " tokens from the input and "
              + maxTokens
              + " tokens for the completion.");
    }
    JsonNode model = root.get("model");
    if (model != null && !model.isNull() && !model.isTextual()) {
      throw ApiException.badRequest("model: must be a string");
    }
    JsonNode stream = root.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw ApiException.badRequest("stream: must be a boolean");
    }
    JsonNode options = root.path("stream_options");
    JsonNode rid = root.get("rid");
    return new GenRequest(
        route,
        model == null || model.isNull() ? "default" : model.asText(),
        stream != null && stream.asBoolean(),
        options.path("include_usage").asBoolean(false),
        options.path("continuous_usage_stats").asBoolean(false),
        maxTokens,
        prompt,
        rid != null && rid.isTextual() ? rid.asText() : null);
  }

  /**
   * Appends a message header and pads to a token boundary, so each message's content, and the
   * answer after the final header, starts a new token, as a real chat template's special tokens
   * make it: the answer then tokenizes the same inside the next turn's history.
   */
  private static void header(StringBuilder text, String role) {
    text.append(role).append('\n');
    while (text.length() % PromptTokens.CHARS_PER_TOKEN != 0) {
      text.append(' ');
    }
  }

  private static int positiveInt(JsonNode parent, String field, int dflt) throws ApiException {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw ApiException.badRequest(field + ": must be an integer");
    }
    if (v.asInt() <= 0) {
      throw ApiException.badRequest(field + " must be positive, got " + v.asInt());
    }
    return v.asInt();
  }

  private static int[] tokenIds(JsonNode array, String field) throws ApiException {
    int[] tokens = new int[array.size()];
    for (int i = 0; i < tokens.length; i++) {
      JsonNode t = array.get(i);
      if (!t.isIntegralNumber() || !t.canConvertToInt() || t.asInt() < 0) {
        throw ApiException.badRequest(field + "." + i + ": must be a non-negative integer");
      }
      tokens[i] = t.asInt();
    }
    return tokens;
  }
}
