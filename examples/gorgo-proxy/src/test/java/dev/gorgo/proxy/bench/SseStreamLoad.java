package dev.gorgo.proxy.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load driver for the "many concurrent SSE streams" benchmark: opens {@code streams} streaming chat
 * requests against a proxy (one virtual thread and one plain socket each, {@code Connection:
 * close}), ramped at {@code perSecond}, reads every event until {@code data: [DONE]}, and reports
 * how many succeeded, how many failed, and the peak number of streams that were open at once (a
 * stream is open from its first event to its {@code [DONE]}).
 *
 * <p>Usage: {@code SseStreamLoad HOST PORT STREAMS MAX_TOKENS PER_SECOND MODEL}. Exit code 0 only
 * when every stream completed. Used by {@code bench/proxy-bench.sh}.
 */
public final class SseStreamLoad {
  private SseStreamLoad() {}

  /** Runs the load; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int streams = Integer.parseInt(args[2]);
    int maxTokens = Integer.parseInt(args[3]);
    int perSecond = Integer.parseInt(args[4]);
    String model = args[5];
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger open = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicLong events = new AtomicLong();
    AtomicInteger firstErrors = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(streams);
    long start = System.nanoTime();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < streams; i++) {
        int id = i;
        ex.submit(
            () -> {
              try {
                if (stream(host, port, model, maxTokens, id, open, peak, events)) {
                  ok.incrementAndGet();
                } else {
                  failed.incrementAndGet();
                }
              } catch (IOException | RuntimeException e) {
                failed.incrementAndGet();
                if (firstErrors.incrementAndGet() <= 5) {
                  System.err.println("stream " + id + ": " + e);
                }
              } finally {
                done.countDown();
              }
            });
        long due = start + (long) ((i + 1) * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      done.await();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "streams=%d ok=%d failed=%d peak_open=%d events=%d seconds=%.1f%n",
        streams, ok.get(), failed.get(), peak.get(), events.get(), seconds);
    System.exit(failed.get() == 0 ? 0 : 1);
  }

  private static boolean stream(
      String host,
      int port,
      String model,
      int maxTokens,
      int id,
      AtomicInteger open,
      AtomicInteger peak,
      AtomicLong events)
      throws IOException {
    byte[] body =
        ("{\"model\":\""
                + model
                + "\",\"stream\":true,\"max_tokens\":"
                + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"stream number "
                + id
                + ": tell me a story\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 30_000);
      s.setSoTimeout(300_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /v1/chat/completions HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String status = in.readLine();
      if (status == null || !status.startsWith("HTTP/1.1 200")) {
        return false;
      }
      boolean opened = false;
      boolean sawError = false;
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.startsWith("data: ")) {
          continue;
        }
        if (line.equals("data: [DONE]")) {
          if (opened) {
            open.decrementAndGet();
          }
          return !sawError;
        }
        if (line.startsWith("data: {\"error\"")) {
          sawError = true;
        }
        events.incrementAndGet();
        if (!opened) {
          opened = true;
          int now = open.incrementAndGet();
          peak.accumulateAndGet(now, Math::max);
        }
      }
      if (opened) {
        open.decrementAndGet();
      }
      return false;
    }
  }
}
