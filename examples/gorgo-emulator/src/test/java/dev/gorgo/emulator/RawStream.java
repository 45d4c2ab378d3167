package dev.gorgo.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A streaming request over a plain socket, so a test can hang up for real (a TCP close, as a client
 * that goes away does).
 */
final class RawStream implements AutoCloseable {
  private final Socket socket;
  private final BufferedReader in;

  RawStream(URI base, String path, String jsonBody) throws IOException {
    socket = new Socket(base.getHost(), base.getPort());
    byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + base.getHost()
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
  }

  Socket socket() {
    return socket;
  }

  /** Reads the status line and headers; returns the status code. */
  int status() throws IOException {
    String statusLine = in.readLine();
    String line;
    while ((line = in.readLine()) != null && !line.isEmpty()) {
      // skip headers
    }
    return Integer.parseInt(statusLine.split(" ")[1]);
  }

  /** Reads until the next line that starts an SSE event, returns it. */
  String nextEvent() throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("data: ")) {
        return line;
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
