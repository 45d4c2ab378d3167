package dev.gorgo.sglang.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventScannerTest {
  /** Collects events: raw text and data (null when the event has no data field). */
  static final class Collector implements SseEventScanner.Handler {
    final List<String> raw = new ArrayList<>();
    final List<String> data = new ArrayList<>();
    final ByteArrayOutputStream all = new ByteArrayOutputStream();

    @Override
    public void onEvent(byte[] r, int off, int len, byte[] d, int dataLength) {
      raw.add(new String(r, off, len, StandardCharsets.UTF_8));
      data.add(dataLength < 0 ? null : new String(d, 0, dataLength, StandardCharsets.UTF_8));
      all.write(r, off, len);
    }
  }

  private static Collector scanInPieces(String stream, int piece) throws IOException {
    byte[] b = stream.getBytes(StandardCharsets.UTF_8);
    SseEventScanner scanner = new SseEventScanner(1 << 16);
    Collector c = new Collector();
    for (int i = 0; i < b.length; i += piece) {
      scanner.feed(b, i, Math.min(piece, b.length - i), c);
    }
    scanner.finish(c);
    return c;
  }

  @Test
  void splitsAtEveryPossibleBoundaryGiveTheSameEvents() throws IOException {
    String stream =
        "data: {\"a\":1}\n\n"
            + ": keep-alive comment\r\n\r\n"
            + "event: x\r\ndata: first\r\ndata:second\r\n\r\n"
            + "data: cr\r\rdata: [DONE]\n\n";
    Collector whole = scanInPieces(stream, stream.length());
    assertThat(whole.data).containsExactly("{\"a\":1}", null, "first\nsecond", "cr", "[DONE]");
    assertThat(whole.all.toString(StandardCharsets.UTF_8)).isEqualTo(stream);
    for (int piece = 1; piece < 12; piece++) {
      Collector c = scanInPieces(stream, piece);
      assertThat(c.data).as("piece %d", piece).isEqualTo(whole.data);
      assertThat(c.raw).as("piece %d", piece).isEqualTo(whole.raw);
    }
  }

  @Test
  void crlfSplitBetweenReadsIsOneLineEnd() throws IOException {
    byte[] a = "data: x\r".getBytes(StandardCharsets.UTF_8);
    byte[] b = "\n\r\n".getBytes(StandardCharsets.UTF_8);
    SseEventScanner scanner = new SseEventScanner(64);
    Collector c = new Collector();
    scanner.feed(a, 0, a.length, c);
    assertThat(c.data).isEmpty();
    scanner.feed(b, 0, b.length, c);
    assertThat(c.data).containsExactly("x");
    assertThat(c.raw).containsExactly("data: x\r\n\r\n");
  }

  @Test
  void unfinishedEventIsHandedOverAtTheEnd() throws IOException {
    Collector c = scanInPieces("data: a\n\ndata: partial", 3);
    assertThat(c.data).containsExactly("a", "partial");
    assertThat(c.all.toString(StandardCharsets.UTF_8)).isEqualTo("data: a\n\ndata: partial");
  }

  @Test
  void emptyDataFieldAndDataWithoutColon() throws IOException {
    Collector c = scanInPieces("data\n\ndata:\n\n", 2);
    assertThat(c.data).containsExactly("", "");
  }

  @Test
  void oversizedEventFails() {
    SseEventScanner scanner = new SseEventScanner(32);
    byte[] big = ("data: " + "x".repeat(100)).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> scanner.feed(big, 0, big.length, new Collector()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than 32");
  }

  @Test
  void manySmallEventsInOneReadAreAllDelivered() throws IOException {
    String one = "data: {\"choices\":[{\"delta\":{\"content\":\"t\"}}]}\n\n";
    Collector c = scanInPieces(one.repeat(500), 8192);
    assertThat(c.data).hasSize(500);
  }
}
