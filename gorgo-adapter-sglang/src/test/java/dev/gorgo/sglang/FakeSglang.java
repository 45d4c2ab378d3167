package dev.gorgo.sglang;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/** A MockWebServer playing one SGLang replica, answering by path; behaviour switchable live. */
final class FakeSglang implements AutoCloseable {
  enum Chat {
    STREAM,
    QUEUE_FULL_503,
    ERROR_500,
    DROP_MID_STREAM
  }

  final MockWebServer server = new MockWebServer();
  final AtomicInteger chatRequests = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  volatile Chat chat = Chat.STREAM;
  volatile boolean down;
  volatile boolean metricsEnabled = true;
  volatile boolean loadsEnabled;
  volatile String metrics = SglangMetricsTest.MODERN;

  FakeSglang() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.incrementAndGet();
            return answer(request.getUrl().encodedPath());
          }
        });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getPort());
  }

  private MockResponse answer(String path) {
    if (down) {
      return new MockResponse.Builder().code(503).build();
    }
    switch (path) {
      case "/v1/models":
        return new MockResponse.Builder().body("{\"object\":\"list\",\"data\":[]}").build();
      case "/metrics":
        return metricsEnabled
            ? new MockResponse.Builder().body(metrics).build()
            : new MockResponse.Builder().code(404).body("{\"detail\":\"Not Found\"}").build();
      case "/v1/loads":
        return loadsEnabled
            ? new MockResponse.Builder().body(SglangMetricsTest.LOADS).build()
            : new MockResponse.Builder().code(404).body("{\"detail\":\"Not Found\"}").build();
      case "/get_server_info":
        return new MockResponse.Builder().body(ServerInfoTest.MODERN).build();
      case "/v1/chat/completions":
        chatRequests.incrementAndGet();
        return chatAnswer();
      default:
        return new MockResponse.Builder().code(404).body("{\"detail\":\"Not Found\"}").build();
    }
  }

  private MockResponse chatAnswer() {
    MockResponse.Builder sse =
        new MockResponse.Builder().setHeader("Content-Type", "text/event-stream");
    switch (chat) {
      case QUEUE_FULL_503:
        return new MockResponse.Builder()
            .code(503)
            .body("{\"object\":\"error\",\"message\":\"The request queue is full.\",\"code\":503}")
            .build();
      case ERROR_500:
        return new MockResponse.Builder()
            .code(500)
            .body("{\"object\":\"error\",\"code\":500}")
            .build();
      case DROP_MID_STREAM:
        return sse.chunkedBody(SglangStreams.chatStream(40), 64)
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build();
      default:
        return sse.chunkedBody(SglangStreams.chatStream(3), 16).build();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
