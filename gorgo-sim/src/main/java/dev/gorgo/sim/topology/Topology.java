package dev.gorgo.sim.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The regions of a deployment, the round-trip times between them, the router's region and the share
 * of clients in each region. Immutable and thread-safe.
 *
 * <p>{@code rttMs[i][j]} is the network round trip from region {@code i} to region {@code j}; the
 * diagonal is the round trip inside one region (between a router and a replica, or a client and its
 * regional entry point). A one-way trip takes half the round trip. Clients are spread over regions
 * in proportion to {@code clientWeights}, assigned deterministically by {@link #clientRegion(long)}
 * from a hash of something stable about the client.
 *
 * <h2>Presets and their sources</h2>
 *
 * <ul>
 *   <li>{@code paper-v1}: {@code us-west} (San Francisco), {@code germany} (Frankfurt), {@code
 *       israel} (Tel Aviv), the original deployment's three nodes; the router in {@code us-west}.
 *       us-west to germany 166.6 ms: AWS us-west-1 to eu-central-1, from the inter-region table
 *       reproduced in "AWS Regions" (acomputerscientistlearnsaws.blogspot.com, April 2017). germany
 *       to israel 55 ms and us-west to israel 220 ms are estimates (no published measurement was at
 *       hand): Frankfurt to Tel Aviv is about 2,950 km, a 30 ms fibre lower bound, and public ping
 *       tables put European-Israeli round trips at 50-60 ms; US-Israel traffic transits Europe, so
 *       us-west to israel is taken as us-west to germany plus germany to israel, rounded.
 *   <li>{@code paper-v2}: {@code us-east} (N. Virginia), {@code frankfurt}, {@code seoul}; the
 *       router in {@code us-east} (the later version's proxy ran in US east). us-east to frankfurt
 *       88.7 ms, us-east to seoul 178.4 ms, frankfurt to seoul 266.2 ms: AWS us-east-1,
 *       eu-central-1 and ap-northeast-2, same table.
 * </ul>
 *
 * <p>Both presets use 2 ms inside a region (AWS measures well under 1 ms between availability zones
 * of one region, per xkyle.com, "Measuring AWS Region and AZ Latency"; 2 ms leaves room for the
 * HTTP hop) and spread clients equally over the regions. The last-mile latency of end users is the
 * same whatever the policy and is left out.
 *
 * @param name the topology's name, for reports
 * @param regions region names, distinct and non-blank; at least one
 * @param rttMs round-trip times in ms, {@code regions.size()} square, finite and non-negative
 * @param routerRegion the region the (centralized) router runs in; one of {@code regions}
 * @param clientWeights relative share of clients per region, finite and non-negative, summing to a
 *     positive number
 */
public record Topology(
    String name,
    List<String> regions,
    double[][] rttMs,
    String routerRegion,
    double[] clientWeights) {

  private static final double INTRA_REGION_MS = 2;

  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException if a component is inconsistent or out of range
   * @throws NullPointerException if a component is {@code null}
   */
  public Topology {
    Objects.requireNonNull(name, "name");
    regions = List.copyOf(Objects.requireNonNull(regions, "regions"));
    Objects.requireNonNull(rttMs, "rttMs");
    Objects.requireNonNull(routerRegion, "routerRegion");
    Objects.requireNonNull(clientWeights, "clientWeights");
    int n = regions.size();
    if (n == 0) {
      throw new IllegalArgumentException("topology " + name + ": no regions");
    }
    for (int i = 0; i < n; i++) {
      String r = regions.get(i);
      if (r.isBlank()) {
        throw new IllegalArgumentException("topology " + name + ": blank region name");
      }
      if (regions.indexOf(r) != i) {
        throw new IllegalArgumentException("topology " + name + ": duplicate region " + r);
      }
    }
    if (rttMs.length != n) {
      throw new IllegalArgumentException(
          "topology " + name + ": rttMs has " + rttMs.length + " rows for " + n + " regions");
    }
    double[][] copy = new double[n][];
    for (int i = 0; i < n; i++) {
      if (rttMs[i] == null || rttMs[i].length != n) {
        throw new IllegalArgumentException(
            "topology " + name + ": rttMs row " + i + " must have " + n + " entries");
      }
      for (double v : rttMs[i]) {
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException(
              "topology " + name + ": RTTs must be finite and >= 0, found " + v);
        }
      }
      copy[i] = rttMs[i].clone();
    }
    rttMs = copy;
    if (!regions.contains(routerRegion)) {
      throw new IllegalArgumentException(
          "topology " + name + ": router region " + routerRegion + " is not one of " + regions);
    }
    if (clientWeights.length != n) {
      throw new IllegalArgumentException(
          "topology "
              + name
              + ": "
              + clientWeights.length
              + " client weights for "
              + n
              + " regions");
    }
    double sum = 0;
    for (double w : clientWeights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException(
            "topology " + name + ": client weights must be finite and >= 0, found " + w);
      }
      sum += w;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("topology " + name + ": client weights sum to 0");
    }
    clientWeights = clientWeights.clone();
  }

  /**
   * Returns a preset by name, or loads a topology from a JSON file when {@code nameOrPath} is not a
   * preset name.
   *
   * @param nameOrPath {@code paper-v1}, {@code paper-v2}, or a path to a JSON file (see {@link
   *     #fromJson(Path)})
   * @return the topology
   * @throws IllegalArgumentException if it is neither a preset nor a readable, valid file
   */
  public static Topology named(String nameOrPath) {
    switch (nameOrPath) {
      case "paper-v1":
        return symmetric(
            "paper-v1",
            List.of("us-west", "germany", "israel"),
            new double[] {166.6, 220, 55},
            "us-west");
      case "paper-v2":
        return symmetric(
            "paper-v2",
            List.of("us-east", "frankfurt", "seoul"),
            new double[] {88.7, 178.4, 266.2},
            "us-east");
      default:
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
          throw new IllegalArgumentException(
              "unknown topology '"
                  + nameOrPath
                  + "': not a preset (paper-v1, paper-v2) and not a readable file");
        }
        return fromJson(p);
    }
  }

  /**
   * Builds a topology with symmetric RTTs, 2 ms inside each region, and equal client weights.
   *
   * @param name the name
   * @param regions the regions
   * @param upperTriangle RTTs in ms between distinct regions, row by row above the diagonal: (0,1),
   *     (0,2), ..., (1,2), ...
   * @param routerRegion the router's region
   * @return the topology
   */
  public static Topology symmetric(
      String name, List<String> regions, double[] upperTriangle, String routerRegion) {
    int n = regions.size();
    if (upperTriangle.length != n * (n - 1) / 2) {
      throw new IllegalArgumentException(
          "topology " + name + ": need " + n * (n - 1) / 2 + " RTTs, got " + upperTriangle.length);
    }
    double[][] m = new double[n][n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      m[i][i] = INTRA_REGION_MS;
      for (int j = i + 1; j < n; j++) {
        m[i][j] = upperTriangle[k];
        m[j][i] = upperTriangle[k];
        k++;
      }
    }
    double[] w = new double[n];
    Arrays.fill(w, 1);
    return new Topology(name, regions, m, routerRegion, w);
  }

  /**
   * Loads a topology from JSON:
   *
   * <pre>{@code
   * {
   *   "name": "two-regions",                  // optional, default: the file name
   *   "regions": ["us-east", "eu-west"],
   *   "rttMs": [[2, 80], [80, 2]],            // square matrix, ms
   *   "routerRegion": "us-east",               // optional, default: the first region
   *   "clientWeights": {"us-east": 3, "eu-west": 1}   // optional, default: equal
   * }
   * }</pre>
   *
   * @param file the JSON file
   * @return the topology
   * @throws IllegalArgumentException if the file cannot be read or is not a valid topology (the
   *     message says what is wrong)
   */
  public static Topology fromJson(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read topology " + file + ": " + e.getMessage(), e);
    }
    String where = "topology " + file.getFileName();
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(where + ": expected a JSON object");
    }
    JsonNode regionsNode = root.path("regions");
    if (!regionsNode.isArray()) {
      throw new IllegalArgumentException(where + ": \"regions\" must be an array of names");
    }
    List<String> regions = new ArrayList<>();
    for (JsonNode r : regionsNode) {
      if (!r.isTextual()) {
        throw new IllegalArgumentException(where + ": region names must be strings");
      }
      regions.add(r.asText());
    }
    JsonNode rttNode = root.path("rttMs");
    if (!rttNode.isArray()) {
      throw new IllegalArgumentException(where + ": \"rttMs\" must be a matrix (array of arrays)");
    }
    double[][] rtt = new double[rttNode.size()][];
    for (int i = 0; i < rtt.length; i++) {
      JsonNode row = rttNode.get(i);
      if (!row.isArray()) {
        throw new IllegalArgumentException(where + ": rttMs row " + i + " is not an array");
      }
      rtt[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        if (!row.get(j).isNumber()) {
          throw new IllegalArgumentException(
              where + ": rttMs[" + i + "][" + j + "] is not a number");
        }
        rtt[i][j] = row.get(j).asDouble();
      }
    }
    String router =
        root.hasNonNull("routerRegion")
            ? root.get("routerRegion").asText()
            : regions.isEmpty() ? "" : regions.get(0);
    double[] weights = new double[regions.size()];
    JsonNode w = root.path("clientWeights");
    if (w.isMissingNode() || w.isNull()) {
      Arrays.fill(weights, 1);
    } else if (!w.isObject()) {
      throw new IllegalArgumentException(where + ": \"clientWeights\" must be an object");
    } else {
      for (var e : w.properties()) {
        int i = regions.indexOf(e.getKey());
        if (i < 0) {
          throw new IllegalArgumentException(
              where + ": client weight for unknown region " + e.getKey());
        }
        if (!e.getValue().isNumber()) {
          throw new IllegalArgumentException(
              where + ": client weight of " + e.getKey() + " is not a number");
        }
        weights[i] = e.getValue().asDouble();
      }
    }
    String name =
        root.hasNonNull("name") ? root.get("name").asText() : file.getFileName().toString();
    try {
      return new Topology(name, regions, rtt, router, weights);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns a copy with other client weights.
   *
   * @param weights relative share per region, in {@link #regions()} order
   * @return the copy
   */
  public Topology withClientWeights(double[] weights) {
    return new Topology(name, regions, rttMs, routerRegion, weights);
  }

  /**
   * Returns a copy with the router in another region.
   *
   * @param region one of {@link #regions()}
   * @return the copy
   */
  public Topology withRouterRegion(String region) {
    return new Topology(name, regions, rttMs, region, clientWeights);
  }

  /**
   * The index of a region.
   *
   * @param region the name
   * @return its index in {@link #regions()}
   * @throws IllegalArgumentException if unknown
   */
  public int indexOf(String region) {
    int i = regions.indexOf(region);
    if (i < 0) {
      throw new IllegalArgumentException(
          "region " + region + " is not in topology " + name + " " + regions);
    }
    return i;
  }

  /**
   * The round trip between two regions.
   *
   * @param from a region
   * @param to a region
   * @return milliseconds
   * @throws IllegalArgumentException if a region is unknown
   */
  public double rttMs(String from, String to) {
    return rttMs[indexOf(from)][indexOf(to)];
  }

  /**
   * The round trip between two regions by index.
   *
   * @param from region index
   * @param to region index
   * @return milliseconds
   */
  public double rttMs(int from, int to) {
    return rttMs[from][to];
  }

  /**
   * Picks a client's region from a hash, in proportion to the client weights: the hash is mapped to
   * a fraction in [0, 1) (its top 53 bits after a 64-bit mix) and the regions' cumulative weight
   * shares are searched in order. The same hash always gives the same region.
   *
   * @param hash something stable about the client (for a trace, a hash of its conversation id)
   * @return the region's index
   */
  public int clientRegion(long hash) {
    double u = (mix(hash) >>> 11) * 0x1.0p-53;
    double total = 0;
    for (double w : clientWeights) {
      total += w;
    }
    double acc = 0;
    int last = 0;
    for (int i = 0; i < clientWeights.length; i++) {
      if (clientWeights[i] > 0) {
        acc += clientWeights[i] / total;
        last = i;
        if (u < acc) {
          return i;
        }
      }
    }
    return last;
  }

  /**
   * A 64-bit finalizer (the SplitMix64 mixing function) that spreads nearby inputs apart.
   *
   * @param z input
   * @return mixed bits
   */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Topology t
        && name.equals(t.name)
        && regions.equals(t.regions)
        && Arrays.deepEquals(rttMs, t.rttMs)
        && routerRegion.equals(t.routerRegion)
        && Arrays.equals(clientWeights, t.clientWeights);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, regions, Arrays.deepHashCode(rttMs), routerRegion)
        + Arrays.hashCode(clientWeights);
  }

  @Override
  public String toString() {
    return "Topology[" + name + " " + regions + ", router in " + routerRegion + "]";
  }

  /**
   * The RTT matrix, copied.
   *
   * @return a fresh copy of the matrix in ms
   */
  @Override
  public double[][] rttMs() {
    double[][] c = new double[rttMs.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = rttMs[i].clone();
    }
    return c;
  }

  /**
   * The client weights, copied.
   *
   * @return a fresh copy of the weights
   */
  @Override
  public double[] clientWeights() {
    return clientWeights.clone();
  }
}
