package dev.gorgo.sglang;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A sink that records what it is given; optionally fails on the n-th write like a gone client. */
final class RecordingSink implements StreamSink {
  final List<String> writes = new ArrayList<>();
  final ByteArrayOutputStream body = new ByteArrayOutputStream();
  ResponseHead head;
  int starts;
  int writesBeforeFirstContent = -1;
  long ttftNanos = -1;
  private final int failOnWrite;

  RecordingSink() {
    this(Integer.MAX_VALUE);
  }

  RecordingSink(int failOnWrite) {
    this.failOnWrite = failOnWrite;
  }

  @Override
  public void start(ResponseHead h) {
    head = h;
    starts++;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (writes.size() + 1 >= failOnWrite) {
      throw new IOException("client closed the connection");
    }
    writes.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
    body.write(bytes, offset, length);
  }

  @Override
  public void firstContent(long ttft) {
    if (writesBeforeFirstContent >= 0) {
      throw new AssertionError("firstContent called twice");
    }
    writesBeforeFirstContent = writes.size();
    ttftNanos = ttft;
  }

  String text() {
    return body.toString(StandardCharsets.UTF_8);
  }
}
