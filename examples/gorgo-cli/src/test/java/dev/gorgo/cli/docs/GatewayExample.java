package dev.gorgo.cli.docs;

import dev.gorgo.api.Endpoint;
import dev.gorgo.api.Outcome;
import dev.gorgo.api.RoutingRequest;
import dev.gorgo.router.Lease;
import dev.gorgo.router.RejectedException;
import dev.gorgo.router.Router;
import dev.gorgo.sglang.PromptKeyer;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The embedding example of the README, compiled and run by {@link DocsExamplesTest}: the text
 * between the markers must appear verbatim in the document.
 */
final class GatewayExample {
  /** What the example's gateway would do with the chosen replica: here, remember it. */
  static URI lastTarget;

  static URI routeOnce(String requestId, String promptText, String userId)
      throws RejectedException {
    // docs:begin
    // Once, at startup: the replicas and the policy.
    Router router =
        Router.builder()
            .policy("gorgo", Map.of("t_p", "0.094"))
            .endpoints(
                List.of(
                    Endpoint.of("us-east-0", URI.create("http://10.0.0.5:30000"), "us-east"),
                    Endpoint.of("eu-0", URI.create("http://10.1.0.7:30000"), "frankfurt")))
            .build();
    PromptKeyer keyer = PromptKeyer.blocks(16);

    // From your pollers: round trips and engine load feed the cost model.
    router.updateRtt("us-east-0", 1.8);
    router.updateRtt("eu-0", 88.7);

    // Per request (a virtual thread is fine: route() may wait in the admission queue).
    RoutingRequest request =
        RoutingRequest.of(requestId, keyer.key(promptText), router.ticker().nanos())
            .withSessionKey(userId);
    try (Lease lease = router.route(request)) { // RejectedException: answer 429/503/504
      URI target = lease.endpoint().baseUri(); // forward the request there
      lease.accepted(); // the replica answered (status 200)
      lease.firstToken(); // the first token reached the client
      lease.complete(Outcome.SUCCESS); // or FAILED, CANCELLED, ... ; close() releases the load
      // docs:end
      lastTarget = target;
    } finally {
      router.close();
    }
    return lastTarget;
  }

  private GatewayExample() {}
}
