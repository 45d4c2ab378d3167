package dev.gorgo.lambda.cluster;

/**
 * The health of one node as seen by {@link ClusterManager#status(String)}.
 *
 * @param node the node
 * @param instanceStatus the Lambda instance status ({@code active}, {@code booting}, ... or {@code
 *     missing} if the API no longer lists it)
 * @param sglang SGLang's answer on {@code /v1/models}: an HTTP status, or {@code down} / {@code
 *     unreachable}
 * @param proxy the proxy's answer on {@code /health}: an HTTP status, or {@code down} / {@code
 *     unreachable}
 */
public record NodeStatus(
    ClusterState.Node node, String instanceStatus, String sglang, String proxy) {

  /**
   * Whether the node is fully serving.
   *
   * @return true if active and both services answered 200
   */
  public boolean healthy() {
    return "active".equals(instanceStatus) && "200".equals(sglang) && "200".equals(proxy);
  }
}
