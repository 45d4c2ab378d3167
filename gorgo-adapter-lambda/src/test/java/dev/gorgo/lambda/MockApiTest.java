package dev.gorgo.lambda;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that talk to MockWebServer playing the API: a fresh loopback server, virtual
 * time and a client for them per test, closed after it.
 */
abstract class MockApiTest {
  /** The server playing the API; started before each test. */
  MockWebServer server;

  /** The client's clock; it moves only when a test or the client's pacing advances it. */
  FakeTime time;

  /** A client for {@link #server} on {@link #time}. */
  LambdaClient client;

  @BeforeEach
  final void startServerAndClient() {
    server = Fixtures.server();
    time = new FakeTime();
    client = Fixtures.client(server, time);
  }

  @AfterEach
  final void closeServerAndClient() {
    client.close();
    server.close();
  }
}
