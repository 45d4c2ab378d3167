package dev.gorgo.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Test payloads written from the API spec, and a loopback MockWebServer. */
public final class Fixtures {
  /** The key every test uses; asserted never to leak. */
  public static final String KEY = "secret_gorgo-test_0123456789abcdef0123456789abcdef";

  private Fixtures() {}

  /** Reads {@code /lambda/<name>}. */
  public static String read(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/lambda/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON response with the given status and fixture body. */
  public static MockResponse json(int code, String fixture) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(read(fixture))
        .build();
  }

  /** A started server on 127.0.0.1. */
  public static MockWebServer server() {
    MockWebServer s = new MockWebServer();
    try {
      s.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s;
  }

  /** A client for the server with virtual time. */
  public static LambdaClient client(MockWebServer server, TimeSource time) {
    return LambdaClient.builder(ApiKey.of(KEY))
        .baseUrl(server.url("/").uri())
        .timeSource(time)
        .build();
  }
}
