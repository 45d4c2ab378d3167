package dev.gorgo.lambda.cluster;

import static dev.gorgo.lambda.internal.Shell.quote;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorgo.lambda.internal.Json;
import dev.gorgo.lambda.internal.Shell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The remote steps that bring one node to the desired state, in order. Every step is idempotent:
 * either a check whose success means "already done" paired with an action ({@link Ensure}), or an
 * upload skipped when the remote file already has the same SHA-256 ({@link Upload}). Running the
 * plan twice therefore changes nothing the second time; changing the spec (model, policy, jar)
 * changes a hash in a check, so exactly the affected steps run again.
 *
 * <p>The SGLang container carries a label with the hash of its configuration; the proxy writes a
 * stamp file with the hash of its jar and configuration. Process patterns are written {@code
 * [g]orgo...}, and the jar path is quoted where the proxy is started, so that {@code pgrep}/{@code
 * pkill} match the proxy's JVM but never the shell running the command.
 */
final class SetupPlan {
  static final String DIR = "gorgo";
  static final String CONTAINER = "gorgo-sglang";
  private static final String PROXY_PATTERN = "'[g]orgo/gorgo.jar proxy'";

  /** One idempotent remote step. */
  sealed interface Step permits Ensure, Upload {
    String name();
  }

  /**
   * Run {@code action} unless {@code check} succeeds; {@code check} null means always run.
   *
   * @param name the step name shown to the user
   * @param check the "already done" test, or null
   * @param action what to do
   * @param timeoutMillis how long the action may take
   */
  record Ensure(String name, @Nullable String check, String action, long timeoutMillis)
      implements Step {}

  /**
   * Write {@code content} to {@code path} (relative to the home directory) with {@code mode} unless
   * the remote file already has the same SHA-256.
   *
   * @param name the step name shown to the user
   * @param path the remote path
   * @param content the bytes
   * @param mode octal permissions such as {@code 600}
   * @param secret true if the content must never be printed
   */
  record Upload(String name, String path, byte[] content, String mode, boolean secret)
      implements Step {
    String sha256() {
      return Shell.sha256(content);
    }

    String checkCommand() {
      return "sha256sum " + quote(path) + " 2>/dev/null";
    }

    String writeCommand() {
      return "umask 077 && cat > "
          + quote(path + ".part")
          + " && chmod "
          + mode
          + " "
          + quote(path + ".part")
          + " && mv -f "
          + quote(path + ".part")
          + " "
          + quote(path);
    }
  }

  private SetupPlan() {}

  /** The full setup of one node: Docker, SGLang, Java, the proxy. */
  static List<Step> full(
      ClusterState state,
      ClusterState.Node node,
      byte[] proxyJar,
      @Nullable String hfToken,
      long serveMs) {
    List<Step> steps = new ArrayList<>();
    steps.add(new Ensure("workdir", null, "mkdir -p " + DIR + " && chmod 700 " + DIR, 30_000));
    steps.add(
        new Ensure(
            "docker",
            "sudo docker info >/dev/null 2>&1",
            "sudo systemctl start docker && sudo docker info >/dev/null",
            120_000));
    steps.add(new Upload("sglang-env", DIR + "/sglang.env", envFile(hfToken), "600", true));
    steps.add(sglang(state.spec()));
    steps.add(waitFor("sglang-ready", state.spec().sglangPort(), "/v1/models", serveMs));
    steps.add(
        new Ensure(
            "java",
            "command -v java >/dev/null 2>&1",
            "sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq"
                + " openjdk-21-jre-headless",
            900_000));
    steps.addAll(proxy(state, node, proxyJar));
    return steps;
  }

  /** Only the proxy steps (for {@code restart-proxy}). */
  static List<Step> proxy(ClusterState state, ClusterState.Node node, byte[] proxyJar) {
    ClusterSpec spec = state.spec();
    byte[] config = proxyConfig(state, node);
    String stamp = Shell.shortHash(Shell.sha256(proxyJar) + Shell.sha256(config));
    String start =
        "pkill -f "
            + PROXY_PATTERN
            + "; sleep 1; nohup java -jar \"$HOME/"
            + DIR
            + "/gorgo.jar\" proxy"
            + " --config \"$HOME/"
            + DIR
            + "/proxy.json\" > "
            + DIR
            + "/proxy.log 2>&1 < /dev/null & echo "
            + stamp
            + " > "
            + DIR
            + "/proxy.stamp";
    String check =
        "pgrep -f "
            + PROXY_PATTERN
            + " >/dev/null && [ \"$(cat "
            + DIR
            + "/proxy.stamp 2>/dev/null)\" = "
            + stamp
            + " ]";
    return List.of(
        new Upload("proxy-jar", DIR + "/gorgo.jar", proxyJar, "644", false),
        new Upload("proxy-config", DIR + "/proxy.json", config, "600", false),
        new Ensure("proxy", check, start, 30_000),
        waitFor("proxy-ready", spec.proxyPort(), "/health", 120_000));
  }

  static Ensure sglang(ClusterSpec spec) {
    String args =
        "python3 -m sglang.launch_server --model-path "
            + quote(spec.model())
            + " --host 0.0.0.0 --port "
            + spec.sglangPort()
            + " --enable-metrics --max-running-requests "
            + spec.maxRunningRequests()
            + " --tp "
            + spec.tensorParallel();
    String label = Shell.shortHash(spec.sglangImage() + "\n" + args);
    String run =
        "sudo docker rm -f "
            + CONTAINER
            + " >/dev/null 2>&1; sudo docker run -d --name "
            + CONTAINER
            + " --label gorgo.config="
            + label
            + " --gpus all --ipc=host --restart unless-stopped -p "
            + spec.sglangPort()
            + ":"
            + spec.sglangPort()
            + " --env-file \"$HOME/"
            + DIR
            + "/sglang.env\" -v \"$HOME/.cache/huggingface:/root/.cache/huggingface\" "
            + quote(spec.sglangImage())
            + " "
            + args;
    String check =
        "[ \"$(sudo docker inspect -f '{{.State.Running}} {{index .Config.Labels \"gorgo.config\"}}' "
            + CONTAINER
            + " 2>/dev/null)\" = 'true "
            + label
            + "' ]";
    return new Ensure("sglang", check, run, 1_800_000);
  }

  static Ensure waitFor(String name, int port, String path, long timeoutMillis) {
    long tries = Math.max(1, timeoutMillis / 5_000);
    String url = "http://127.0.0.1:" + port + path;
    String loop =
        "for i in $(seq 1 "
            + tries
            + "); do curl -sf -o /dev/null --max-time 5 "
            + url
            + " && exit 0; sleep 5; done; echo "
            + quote("no answer from " + url + " within " + timeoutMillis / 1000 + " s")
            + " >&2; exit 1";
    return new Ensure(name, null, loop, timeoutMillis + 60_000);
  }

  static byte[] envFile(@Nullable String hfToken) {
    String s =
        hfToken == null || hfToken.isBlank()
            ? ""
            : "HF_TOKEN=" + hfToken + "\nHUGGING_FACE_HUB_TOKEN=" + hfToken + "\n";
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The proxy configuration for one node, in the proxy's JSON configuration format: centralized
   * mode with every node's SGLang as a backend (this node's own over loopback, the others over
   * their public addresses), the policy, and the capacity gate. No admin token is configured, so
   * the management endpoints answer on loopback only; the cluster commands reach them over SSH.
   */
  static byte[] proxyConfig(ClusterState state, ClusterState.Node self) {
    ClusterSpec spec = state.spec();
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.putObject("listen").put("host", "0.0.0.0").put("port", spec.proxyPort());
    root.put("mode", "centralized");
    root.putObject("policy").put("name", spec.policy());
    ArrayNode backends = root.putArray("backends");
    for (ClusterState.Node n : state.nodes()) {
      String host = n.instanceId().equals(self.instanceId()) ? "127.0.0.1" : n.ip();
      backends
          .addObject()
          .put("id", n.name())
          .put("url", "http://" + host + ":" + spec.sglangPort())
          .put("region", n.region())
          .put("maxRunning", spec.maxRunningRequests());
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
