package dev.gorgo.policies;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.CostBreakdown;
import dev.gorgo.api.Endpoint;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.Health;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A hand-built cluster view for policy unit tests: set each endpoint's state and cache match. */
final class FakeView implements ClusterView, CostBreakdown {
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final List<EndpointState> states = new ArrayList<>();
  private final List<Integer> matched = new ArrayList<>();
  private int local = -1;
  private double[][] costs = new double[0][];

  /** Adds an idle, eligible endpoint with an RTT and a cached prefix length; returns its index. */
  int add(String id, String region, double rttMillis, int matchedSymbols) {
    return add(id, region, state(rttMillis, 0, 0, 0, 0, true, Health.HEALTHY), matchedSymbols);
  }

  int add(String id, String region, EndpointState state, int matchedSymbols) {
    endpoints.add(
        new Endpoint(id, URI.create("http://127.0.0.1:1/" + id), region, Map.of(), 10, 0));
    states.add(state);
    matched.add(matchedSymbols);
    costs = Arrays.copyOf(costs, endpoints.size());
    return endpoints.size() - 1;
  }

  void set(int index, EndpointState state) {
    states.set(index, state);
  }

  void setMatched(int index, int symbols) {
    matched.set(index, symbols);
  }

  void setLocal(int index) {
    local = index;
  }

  /** A state: RTT, this router's in-flight split, and eligibility/health. */
  static EndpointState state(
      double rtt,
      int prefilling,
      long prefillTokens,
      int decoding,
      long decodeTokens,
      boolean eligible,
      Health health) {
    return new EndpointState.Snapshot(
        rtt,
        prefilling,
        decoding,
        prefillTokens,
        decodeTokens,
        -1,
        -1,
        Double.NaN,
        Long.MAX_VALUE,
        health,
        eligible);
  }

  @Override
  public int size() {
    return endpoints.size();
  }

  @Override
  public Endpoint endpoint(int index) {
    return endpoints.get(index);
  }

  @Override
  public EndpointState state(int index) {
    return states.get(index);
  }

  @Override
  public int matchedSymbols(int index) {
    return matched.get(index);
  }

  @Override
  public int localIndex() {
    return local;
  }

  @Override
  public long nowNanos() {
    return 0;
  }

  @Override
  public CostBreakdown costs() {
    return this;
  }

  void clearCosts() {
    Arrays.fill(costs, null);
  }

  @Override
  public void record(int index, double rttMillis, double prefillMillis, double loadMillis) {
    costs[index] = new double[] {rttMillis, prefillMillis, loadMillis};
  }

  @Override
  public boolean has(int index) {
    return costs[index] != null;
  }

  @Override
  public double rttMillis(int index) {
    return has(index) ? costs[index][0] : Double.NaN;
  }

  @Override
  public double prefillMillis(int index) {
    return has(index) ? costs[index][1] : Double.NaN;
  }

  @Override
  public double loadMillis(int index) {
    return has(index) ? costs[index][2] : Double.NaN;
  }
}
