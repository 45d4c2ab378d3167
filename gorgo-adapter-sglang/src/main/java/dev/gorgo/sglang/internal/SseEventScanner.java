package dev.gorgo.sglang.internal;

import java.io.IOException;
import java.util.Arrays;

/**
 * Splits a Server-Sent Events byte stream into events, however the bytes arrive: an event, a line
 * or a CRLF pair may be split across any number of reads. Each complete event is handed over raw
 * (every byte, including its terminating blank line, so a relay forwards exactly what the upstream
 * sent) together with its {@code data} payload (the {@code data:} lines joined by newlines, as the
 * SSE specification says).
 *
 * <p>Line ends may be LF, CRLF or CR. A CR that is the last byte read so far is not taken as a line
 * end until the next byte shows whether an LF follows. Comment lines and the {@code event}, {@code
 * id} and {@code retry} fields are kept in the raw bytes and ignored otherwise. An event larger
 * than the configured limit fails with an {@link IOException} rather than growing without bound.
 *
 * <p>Work per byte is constant (each byte is scanned once; buffers are compacted, not rescanned).
 * Not thread-safe: one scanner per stream.
 */
public final class SseEventScanner {
  /** Receives events. */
  public interface Handler {
    /**
     * One event.
     *
     * @param raw buffer holding the raw event bytes (valid only during the call)
     * @param rawOffset start of the event in {@code raw}
     * @param rawLength length of the raw event, including its terminating blank line if any
     * @param data buffer holding the data payload (valid only during the call)
     * @param dataLength length of the payload, or -1 when the event has no {@code data} field
     * @throws IOException to abort the stream (for example when the downstream is gone)
     */
    void onEvent(byte[] raw, int rawOffset, int rawLength, byte[] data, int dataLength)
        throws IOException;
  }

  private final int maxEventBytes;
  private byte[] buf = new byte[8192];
  private int size;
  private int start; // start of the unfinished event
  private int scan; // next byte to look at
  private int lineStart; // start of the line being scanned
  private byte[] data = new byte[1024];
  private int dataLength = -1;

  /**
   * Creates a scanner.
   *
   * @param maxEventBytes the largest event accepted, in bytes; at least 16
   */
  public SseEventScanner(int maxEventBytes) {
    if (maxEventBytes < 16) {
      throw new IllegalArgumentException("maxEventBytes must be >= 16, was " + maxEventBytes);
    }
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Feeds bytes; calls the handler for each event they complete.
   *
   * @param bytes the bytes
   * @param offset start in {@code bytes}
   * @param length how many bytes
   * @param handler receives the completed events
   * @throws IOException if an event exceeds the limit, or the handler throws
   */
  public void feed(byte[] bytes, int offset, int length, Handler handler) throws IOException {
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      int room = Math.min(end - pos, Math.max(0, maxEventBytes + 2 - size));
      if (room == 0) {
        throw new IOException("SSE event larger than " + maxEventBytes + " bytes");
      }
      ensure(size + room);
      System.arraycopy(bytes, pos, buf, size, room);
      size += room;
      pos += room;
      scan(handler, false);
    }
  }

  /**
   * Signals the end of the stream: bytes of an unfinished event are handed over as a last event.
   *
   * @param handler receives the last event, if any
   * @throws IOException if the handler throws
   */
  public void finish(Handler handler) throws IOException {
    scan(handler, true);
    if (size > start) {
      if (lineStart < size) {
        line(lineStart, size);
      }
      emit(size, handler);
    }
    compact();
  }

  private void scan(Handler handler, boolean eof) throws IOException {
    while (scan < size) {
      byte b = buf[scan];
      if (b != '\n' && b != '\r') {
        scan++;
        continue;
      }
      int eol = scan;
      int next;
      if (b == '\r') {
        if (scan + 1 == size && !eof) {
          break; // wait: the next read shows whether this CR starts a CRLF
        }
        next = scan + 1 < size && buf[scan + 1] == '\n' ? scan + 2 : scan + 1;
      } else {
        next = scan + 1;
      }
      if (eol == lineStart) {
        emit(next, handler); // blank line: the event ends here
      } else {
        line(lineStart, eol);
        lineStart = next;
        scan = next;
      }
    }
    compact();
  }

  private void compact() {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, size - start);
      size -= start;
      scan -= start;
      lineStart -= start;
      start = 0;
    }
  }

  /** Interprets one line of the current event. */
  private void line(int from, int to) {
    if (to - from < 5
        || buf[from] != 'd'
        || buf[from + 1] != 'a'
        || buf[from + 2] != 't'
        || buf[from + 3] != 'a'
        || buf[from + 4] != ':') {
      // "data" without a colon is a data field with an empty value
      if (to - from == 4
          && buf[from] == 'd'
          && buf[from + 1] == 'a'
          && buf[from + 2] == 't'
          && buf[from + 3] == 'a') {
        appendData(from, from);
      }
      return;
    }
    int v = from + 5;
    if (v < to && buf[v] == ' ') {
      v++;
    }
    appendData(v, to);
  }

  private void appendData(int from, int to) {
    int extra = (dataLength >= 0 ? 1 : 0) + (to - from);
    int need = Math.max(dataLength, 0) + extra;
    if (need > data.length) {
      data = Arrays.copyOf(data, Math.max(need, data.length * 2));
    }
    int at = Math.max(dataLength, 0);
    if (dataLength >= 0) {
      data[at++] = '\n';
    }
    System.arraycopy(buf, from, data, at, to - from);
    dataLength = at + (to - from);
  }

  /** Hands over bytes [start, end) as one event. */
  private void emit(int end, Handler handler) throws IOException {
    int len = dataLength;
    int from = start;
    dataLength = -1;
    start = end;
    scan = end;
    lineStart = end;
    handler.onEvent(buf, from, end - from, data, len);
  }

  private void ensure(int capacity) {
    if (capacity > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(capacity, Math.min(buf.length * 2, maxEventBytes + 2)));
    }
  }
}
