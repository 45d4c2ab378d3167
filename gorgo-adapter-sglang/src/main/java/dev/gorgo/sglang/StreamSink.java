package dev.gorgo.sglang;

import java.io.IOException;

/**
 * Where {@link SglangClient#forward} relays an upstream answer: typically the proxy's HTTP
 * response. Calls come from the forwarding thread, in order: {@link #start} once, then {@link
 * #write} for each SSE event (or body chunk), with {@link #firstContent} just before the write of
 * the first event that carries generated content.
 *
 * <p>A sink signals that the caller went away by throwing {@link IOException} (for example from a
 * write to a closed socket); the client then cancels the upstream call so the replica stops
 * generating.
 */
public interface StreamSink {
  /**
   * The upstream answered: send this status and these headers. Nothing has been written yet, so a
   * sink may still choose its status.
   *
   * @param head status and headers
   * @throws IOException if the caller is gone
   */
  void start(ResponseHead head) throws IOException;

  /**
   * Writes one complete SSE event (its raw bytes, including the terminating blank line) or one
   * chunk of a non-streamed body. The sink must flush before returning, so every event reaches the
   * client as soon as the replica produced it.
   *
   * @param bytes buffer (valid only during the call)
   * @param offset start in {@code bytes}
   * @param length number of bytes
   * @throws IOException if the caller is gone
   */
  void write(byte[] bytes, int offset, int length) throws IOException;

  /**
   * The first chunk with generated content arrived (the time to first token). Called at most once,
   * before that chunk is written. The default does nothing.
   *
   * @param ttftNanos nanoseconds from sending the request to receiving that chunk
   */
  default void firstContent(long ttftNanos) {}
}
