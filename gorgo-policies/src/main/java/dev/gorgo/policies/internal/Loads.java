package dev.gorgo.policies.internal;

import dev.gorgo.api.ClusterView;
import dev.gorgo.api.Decision;
import dev.gorgo.api.EndpointState;
import dev.gorgo.api.Health;

/**
 * How the policies read load out of an {@link EndpointState}, in one place so that every policy
 * means the same thing by "load". Stateless; all methods are pure.
 *
 * <p><b>Requests.</b> An endpoint's request load is {@code max(engineRunning + engineQueued,
 * inflight)}: the engine's own count includes other routers' traffic but is stale by up to one
 * metrics period; this router's in-flight count is exact and immediate but sees only its own
 * requests. Taking the larger never under-counts what this router just sent (the original counted
 * only until response headers and only polled metrics, and so sent bursts to one replica).
 *
 * <p><b>Tokens</b> (for the GORGO cost), see {@link #queuedTokens} and {@link #runningTokens}.
 */
public final class Loads {
  private Loads() {}

  /**
   * Requests at an endpoint: {@code max(engineRunning + engineQueued, inflightPrefilling +
   * inflightDecoding)}, engine values counted only when reported.
   *
   * @param s the state
   * @return requests, at least 0
   */
  public static int requests(EndpointState s) {
    int own = s.inflightPrefilling() + s.inflightDecoding();
    int engine = Math.max(0, s.engineRunning()) + Math.max(0, s.engineQueued());
    return Math.max(own, engine);
  }

  /**
   * Requests this router has in flight at an endpoint (the router-local load of the SGLang
   * gateway's policies).
   *
   * @param s the state
   * @return requests, at least 0
   */
  public static int inflight(EndpointState s) {
    return s.inflightPrefilling() + s.inflightDecoding();
  }

  /**
   * Mean prompt tokens of this router's in-flight requests at an endpoint, used to price requests
   * the engine reports but this router did not send.
   *
   * @param s the state
   * @param fallback the value when nothing is in flight (the current request's own size)
   * @return tokens
   */
  public static double meanTokens(EndpointState s, double fallback) {
    int n = inflight(s);
    return n == 0 ? fallback : (double) (s.prefillingTokens() + s.decodingTokens()) / n;
  }

  /**
   * Prompt tokens waiting to be prefilled before a new request could start: this router's requests
   * without a first token yet ({@code prefillingTokens}), plus the requests the engine reports
   * queued beyond those ({@code max(0, engineQueued - inflightPrefilling)}), each priced at {@code
   * meanTokens}.
   *
   * @param s the state
   * @param meanTokens price of a request the router knows only by count
   * @return tokens
   */
  public static double queuedTokens(EndpointState s, double meanTokens) {
    return s.prefillingTokens() + othersQueued(s) * meanTokens;
  }

  /**
   * Prompt tokens of requests running (decoding) at the endpoint: this router's requests past their
   * first token ({@code decodingTokens}), plus the engine-reported requests that are neither this
   * router's nor counted as queued above ({@code max(0, engineRunning + engineQueued - inflight -
   * othersQueued)}), each priced at {@code meanTokens}. The two token terms therefore never count
   * one request twice.
   *
   * @param s the state
   * @param meanTokens price of a request the router knows only by count
   * @return tokens
   */
  public static double runningTokens(EndpointState s, double meanTokens) {
    int engineTotal = Math.max(0, s.engineRunning()) + Math.max(0, s.engineQueued());
    int othersRunning = Math.max(0, engineTotal - inflight(s) - othersQueued(s));
    return s.decodingTokens() + othersRunning * meanTokens;
  }

  private static int othersQueued(EndpointState s) {
    return s.engineQueued() < 0 ? 0 : Math.max(0, s.engineQueued() - s.inflightPrefilling());
  }

  /**
   * The eligible endpoint with the fewest {@linkplain #requests requests}; ties go to fewer
   * in-flight tokens, then the lower index.
   *
   * @param view the view
   * @return the index, or -1 when none is eligible
   */
  public static int leastLoaded(ClusterView view) {
    int best = -1;
    int bestLoad = Integer.MAX_VALUE;
    long bestTokens = Long.MAX_VALUE;
    for (int i = 0, n = view.size(); i < n; i++) {
      EndpointState s = view.state(i);
      if (!s.eligible()) {
        continue;
      }
      int load = requests(s);
      long tokens = s.prefillingTokens() + s.decodingTokens();
      if (load < bestLoad || (load == bestLoad && tokens < bestTokens)) {
        best = i;
        bestLoad = load;
        bestTokens = tokens;
      }
    }
    return best;
  }

  /**
   * What a policy answers when it found no eligible endpoint: reject with {@code NO_ENDPOINTS} when
   * there are none or all are unhealthy, else wait for capacity.
   *
   * @param view the view
   * @return the decision
   */
  public static Decision none(ClusterView view) {
    for (int i = 0, n = view.size(); i < n; i++) {
      if (view.state(i).health() != Health.UNHEALTHY) {
        return Decision.Wait.AT_CAPACITY;
      }
    }
    return Decision.Reject.NO_ENDPOINTS;
  }

  /**
   * Routes to an index, or answers {@link #none} when it is -1.
   *
   * @param view the view
   * @param index an eligible endpoint's index, or -1
   * @return the decision
   */
  public static Decision routeOrNone(ClusterView view, int index) {
    return index >= 0 ? Decision.route(index) : none(view);
  }

  /**
   * Counts the eligible endpoints.
   *
   * @param view the view
   * @return how many are eligible
   */
  public static int eligibleCount(ClusterView view) {
    int eligible = 0;
    for (int i = 0, n = view.size(); i < n; i++) {
      if (view.state(i).eligible()) {
        eligible++;
      }
    }
    return eligible;
  }

  /**
   * The index of the {@code k}-th (0-based) eligible endpoint.
   *
   * @param view the view
   * @param k which eligible endpoint, below {@link #eligibleCount}
   * @return its index
   */
  public static int nthEligible(ClusterView view, int k) {
    for (int i = 0, n = view.size(); i < n; i++) {
      if (view.state(i).eligible() && k-- == 0) {
        return i;
      }
    }
    throw new IllegalStateException("fewer eligible endpoints than counted");
  }
}
