package dev.gorgo.cli.demo;

import java.util.List;
import java.util.Locale;

/**
 * What the demo ran, for the report.
 *
 * @param topology topology name
 * @param regions regions with replicas
 * @param proxyRegion where the proxy and the clients are
 * @param replicas replica count
 * @param profile engine profile
 * @param timeScale emulator time scale
 * @param workload workload description
 * @param policies policies compared, in order
 * @param seed seed
 */
record DemoSettings(
    String topology,
    List<String> regions,
    String proxyRegion,
    int replicas,
    String profile,
    double timeScale,
    String workload,
    List<String> policies,
    long seed) {

  String summary() {
    return String.format(
        Locale.ROOT,
        "%d emulated replicas (%s engine model) in %s (topology %s), the proxy and the clients in"
            + " %s; time scale %s; workload: %s; seed %d.",
        replicas,
        profile,
        String.join(", ", regions),
        topology,
        proxyRegion,
        timeScale == 1 ? "1 (real time)" : String.valueOf(timeScale),
        workload,
        seed);
  }
}
