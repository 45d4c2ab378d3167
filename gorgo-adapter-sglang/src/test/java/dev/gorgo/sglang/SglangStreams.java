package dev.gorgo.sglang;

/** Answers shaped like SGLang's, written from the HTTP contract. */
final class SglangStreams {
  private SglangStreams() {}

  static String chunk(String delta, String finish) {
    return "data: {\"id\":\"rid1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"qwen\","
        + "\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"logprobs\":null,\"finish_reason\":"
        + finish
        + ",\"matched_stop\":null}]}\n\n";
  }

  /** A chat stream: role chunk, n content chunks, empty finish chunk, usage chunk, [DONE]. */
  static String chatStream(int contentChunks) {
    StringBuilder sb = new StringBuilder();
    sb.append(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"));
    for (int i = 0; i < contentChunks; i++) {
      sb.append(chunk("{\"content\":\"tok" + i + " \"}", "null"));
    }
    sb.append(chunk("{}", "\"stop\""));
    sb.append(
        "data: {\"id\":\"rid1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"qwen\","
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":"
            + contentChunks
            + ",\"total_tokens\":"
            + (42 + contentChunks)
            + ",\"prompt_tokens_details\":{\"cached_tokens\":32},\"reasoning_tokens\":0}}\n\n");
    sb.append("data: [DONE]\n\n");
    return sb.toString();
  }

  static final String QUEUE_FULL_STREAM =
      "data: {\"error\":{\"object\":\"error\",\"message\":\"The request queue is full.\","
          + "\"type\":\"Service Unavailable\",\"param\":null,\"code\":503}}\n\ndata: [DONE]\n\n";

  static final String BAD_REQUEST =
      "{\"object\":\"error\",\"message\":\"The input is longer than the context.\","
          + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}";
}
