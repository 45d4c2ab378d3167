package dev.gorgo.cli.bench;

import java.util.List;
import java.util.Objects;

/**
 * One request of a workload: what to send, how many tokens it is expected to carry and, for trace
 * replay, when it arrived. Immutable. The prompt text is never logged or exported.
 *
 * @param index position in the workload, from 0
 * @param content the prompt: text, chat messages, or trace segments rendered at send time
 * @param promptTokens estimated prompt length in tokens (exact for traces)
 * @param maxTokens output cap sent as {@code max_tokens}; 0 = let the server decide
 * @param arrivalMillis arrival time relative to the workload start in ms, or -1 when unknown
 * @param session conversation key (requests of one conversation share it), never null
 */
public record BenchRequest(
    int index,
    Content content,
    int promptTokens,
    int maxTokens,
    long arrivalMillis,
    String session) {

  public BenchRequest {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(session, "session");
  }

  /** What a request asks: closed set of prompt shapes. */
  public sealed interface Content {}

  /** A plain text prompt. */
  public record Text(String text) implements Content {}

  /** A chat conversation; the last message is the one to answer. */
  public record Messages(List<ChatMessage> messages) implements Content {
    public Messages {
      messages = List.copyOf(messages);
    }
  }

  /**
   * A segmented prompt (Mooncake blocks, simulated conversations), rendered to text by {@link
   * SegmentText} only when sent: a whole trace rendered up front would take gigabytes.
   *
   * @param ids segment ids
   * @param lengths tokens per segment, same length as {@code ids}
   */
  public record Segments(int[] ids, int[] lengths) implements Content {
    public Segments {
      if (ids.length != lengths.length || ids.length == 0) {
        throw new IllegalArgumentException("need one length per segment, at least one segment");
      }
    }
  }

  /** One chat message. */
  public record ChatMessage(String role, String content) {}
}
