package dev.gorgo.lambda.cluster;

import dev.gorgo.lambda.internal.JschRemote;
import dev.gorgo.lambda.internal.Remote;
import dev.gorgo.lambda.internal.Shell;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The SSH side of the cluster commands: runs a {@link SetupPlan} on every node in parallel (one
 * worker and one SSH session per node), or one command per node; in a dry run, prints instead. A
 * failed step stops that node's plan; the other nodes finish, and the first failure is thrown with
 * the node, the step, the exit status and the tail of standard error.
 */
final class NodeRunner {
  private static final String DRY = Provisioner.DRY;

  private final ClusterStore store;
  private final ClusterManager.Options options;

  NodeRunner(ClusterStore store, ClusterManager.Options options) {
    this.store = store;
    this.options = options;
  }

  List<ClusterManager.NodeReport> onEveryNode(
      ClusterState state, Function<ClusterState.Node, List<SetupPlan.Step>> plan) {
    List<ClusterState.Node> nodes = state.nodes();
    if (nodes.stream().anyMatch(n -> n.ip() == null)) {
      throw new ClusterException("some nodes have no IP yet; run 'cluster up' first");
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, nodes.size())));
    try {
      List<Future<ClusterManager.NodeReport>> futures = new ArrayList<>();
      for (ClusterState.Node n : nodes) {
        futures.add(pool.submit(() -> runPlan(state, n, plan.apply(n))));
      }
      List<ClusterManager.NodeReport> reports = new ArrayList<>();
      ClusterException first = null;
      for (Future<ClusterManager.NodeReport> f : futures) {
        try {
          reports.add(f.get());
        } catch (ExecutionException e) {
          // FutureTask always records the task's failure as the cause; the wrapper is a fallback.
          Throwable cause = e.getCause();
          Throwable c = cause != null ? cause : e;
          String message = c.getMessage();
          ClusterException ce =
              c instanceof ClusterException x
                  ? x
                  : new ClusterException(message != null ? message : c.toString(), c);
          if (first == null) {
            first = ce;
          }
        }
      }
      if (first != null) {
        throw first;
      }
      return reports;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private ClusterManager.NodeReport runPlan(
      ClusterState state, ClusterState.Node n, List<SetupPlan.Step> steps) {
    List<String> changed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    if (options.dryRun()) {
      for (SetupPlan.Step s : steps) {
        if (s instanceof SetupPlan.Ensure e) {
          printRemote(
              state, n, e.check() == null ? e.action() : e.check() + " || { " + e.action() + "; }");
        } else if (s instanceof SetupPlan.Upload u) {
          out(
              DRY
                  + "upload "
                  + (u.secret() ? "(secret) " : "")
                  + u.content().length
                  + " bytes -> "
                  + target(state, n)
                  + ":"
                  + u.path()
                  + " (mode "
                  + u.mode()
                  + ", skipped if sha256 matches)");
        }
        changed.add(s.name());
      }
      return new ClusterManager.NodeReport(n.name(), changed, unchanged);
    }
    try (Remote r = connect(state, n)) {
      for (SetupPlan.Step s : steps) {
        boolean did =
            s instanceof SetupPlan.Ensure e ? ensure(r, n, e) : upload(r, n, (SetupPlan.Upload) s);
        (did ? changed : unchanged).add(s.name());
        out(n.name() + ": " + s.name() + (did ? " done" : " unchanged"));
      }
    } catch (IOException e) {
      throw new ClusterException(n.name() + ": " + e.getMessage(), e);
    }
    return new ClusterManager.NodeReport(n.name(), changed, unchanged);
  }

  private static boolean ensure(Remote r, ClusterState.Node n, SetupPlan.Ensure e)
      throws IOException {
    if (e.check() != null && r.exec(e.check(), null, 60_000).ok()) {
      return false;
    }
    Remote.Result res = r.exec(e.action(), null, e.timeoutMillis());
    if (!res.ok()) {
      throw failure(n, e.name(), res);
    }
    return true;
  }

  private static boolean upload(Remote r, ClusterState.Node n, SetupPlan.Upload u)
      throws IOException {
    Remote.Result sum = r.exec(u.checkCommand(), null, 60_000);
    if (sum.ok() && sum.stdout().startsWith(u.sha256())) {
      return false;
    }
    Remote.Result res = r.exec(u.writeCommand(), u.content(), 600_000);
    if (!res.ok()) {
      throw failure(n, u.name(), res);
    }
    return true;
  }

  static ClusterException failure(ClusterState.Node n, String step, Remote.Result res) {
    String err = res.stderr().strip();
    if (err.isEmpty()) {
      err = res.stdout().strip();
    }
    String[] lines = err.split("\n");
    String tail =
        String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
    return new ClusterException(
        n.name()
            + ": step '"
            + step
            + "' failed with exit status "
            + res.exitStatus()
            + (tail.isBlank() ? "" : ": " + tail));
  }

  @Nullable String simple(ClusterState state, ClusterState.Node n, String cmd) {
    if (options.dryRun()) {
      printRemote(state, n, cmd);
      return null;
    }
    try (Remote r = connect(state, n)) {
      Remote.Result res = r.exec(cmd, null, 180_000);
      if (!res.ok()) {
        throw failure(n, cmd.contains("/trace/") ? "trace" : "command", res);
      }
      return res.stdout();
    } catch (IOException e) {
      throw new ClusterException(n.name() + ": " + e.getMessage(), e);
    }
  }

  Remote connect(ClusterState state, ClusterState.Node n) throws IOException {
    String ip = n.ip();
    if (ip == null) {
      throw new ClusterException(n.name() + ": no IP yet; run 'cluster up' first");
    }
    return JschRemote.connect(
        ip,
        n.sshPort(),
        state.spec().sshUser(),
        Path.of(state.privateKeyPath()),
        store.knownHosts(state.spec().name()),
        15_000);
  }

  void printRemote(ClusterState state, ClusterState.Node n, String cmd) {
    out(DRY + "ssh " + target(state, n) + " " + Shell.quote(cmd));
  }

  private static String target(ClusterState state, ClusterState.Node n) {
    return state.spec().sshUser() + "@" + n.ip() + (n.sshPort() == 22 ? "" : ":" + n.sshPort());
  }

  private void out(String line) {
    options.out().accept(line);
  }
}
