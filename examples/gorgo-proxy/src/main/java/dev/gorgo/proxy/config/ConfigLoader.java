package dev.gorgo.proxy.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a {@link ProxyConfig} from a YAML or JSON file, then applies environment variables and
 * command-line flags on top (file &lt; environment &lt; flags), then validates.
 *
 * <p>Everything is turned into one JSON tree first and bound in one place, so the three sources
 * share one set of names and one set of error messages. Unknown keys are errors (a typo must not
 * silently fall back to a default). All problems are collected and reported together.
 *
 * <h2>File format</h2>
 *
 * <pre>{@code
 * listen: {host: 0.0.0.0, port: 8000}
 * mode: centralized                 # or distributed (then localId and peers)
 * backends:
 *   - {id: us-east-1, url: "http://10.0.0.5:30000", region: us-east, maxRunning: 10}
 * policy: {name: gorgo, parameters: {t_p: 0.094, q_hat: 0.5}}   # or just: policy: gorgo
 * queue: {maxQueued: 10000, timeout: 60s}
 * timeouts: {connect: 2s, idle: 120s}
 * maxBody: 16MiB
 * admin: {tokenFile: /etc/gorgo/admin-token}   # or the GORGO_ADMIN_TOKEN environment variable
 * polling: {metricsInterval: 500ms, rttInterval: 100ms, timeout: 500ms}
 * keyer: blocks                     # or chars
 * requestLogSize: 10000
 * capacityFromServer: false        # true: gate at each replica's max_running_requests
 * }</pre>
 *
 * <h2>Flags and environment</h2>
 *
 * {@code --config FILE}, {@code --host}, {@code --port}, {@code --listen HOST:PORT}, {@code
 * --mode}, {@code --local-id}, {@code --policy NAME}, {@code --param K=V}, {@code --backend
 * ID=URL@REGION} (repeatable; replaces the file's list), {@code --peer ID=URL}, {@code
 * --queue-size}, {@code --queue-timeout}, {@code --max-body}, {@code --admin-token-file}, {@code
 * --set PATH=VALUE} (any key, dotted). Environment variables: {@code GORGO_PROXY_HOST}, {@code
 * _PORT}, {@code _MODE}, {@code _LOCAL_ID}, {@code _POLICY}, {@code _BACKENDS} (comma-separated
 * {@code ID=URL@REGION}), {@code _PEERS}, {@code _QUEUE_SIZE}, {@code _QUEUE_TIMEOUT}, {@code
 * _MAX_BODY}; the admin token from {@code GORGO_ADMIN_TOKEN} (or the variable named by {@code
 * admin.tokenEnv}) or {@code GORGO_ADMIN_TOKEN_FILE}.
 */
public final class ConfigLoader {
  /** Default name of the environment variable holding the admin token. */
  public static final String DEFAULT_TOKEN_ENV = "GORGO_ADMIN_TOKEN";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?", Pattern.CASE_INSENSITIVE);

  /** Flag name (without dashes) -> config path; {@code null} marks special flags. */
  private static final Map<String, String> FLAGS = new LinkedHashMap<>();

  /** Environment variable -> config path. */
  private static final Map<String, String> ENV = new LinkedHashMap<>();

  static {
    FLAGS.put("host", "listen.host");
    FLAGS.put("port", "listen.port");
    FLAGS.put("mode", "mode");
    FLAGS.put("local-id", "localId");
    FLAGS.put("policy", "policy.name");
    FLAGS.put("queue-size", "queue.maxQueued");
    FLAGS.put("queue-timeout", "queue.timeout");
    FLAGS.put("max-body", "maxBody");
    FLAGS.put("admin-token-file", "admin.tokenFile");
    FLAGS.put("keyer", "keyer");
    for (Map.Entry<String, String> e : FLAGS.entrySet()) {
      ENV.put("GORGO_PROXY_" + e.getKey().toUpperCase(Locale.ROOT).replace('-', '_'), e.getValue());
    }
    ENV.remove("GORGO_PROXY_ADMIN_TOKEN_FILE");
    ENV.put("GORGO_ADMIN_TOKEN_FILE", "admin.tokenFile");
  }

  private ConfigLoader() {}

  /**
   * Loads from command-line arguments (which may name a file with {@code --config}) and the
   * environment.
   *
   * @param args flags as described in the class comment
   * @param env environment variables (usually {@code System.getenv()})
   * @throws ConfigException on any invalid input, with every problem listed
   */
  public static ProxyConfig load(List<String> args, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Path file = null;
    List<String[]> assignments = new ArrayList<>();
    List<String> backendSpecs = new ArrayList<>();
    List<String> peerSpecs = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        problems.add("argument '" + arg + "': expected a --flag");
        continue;
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        problems.add("flag --" + name + ": missing value");
        break;
      }
      switch (name) {
        case "config" -> file = Path.of(value);
        case "listen" -> {
          int colon = value.lastIndexOf(':');
          if (colon <= 0) {
            problems.add("flag --listen: expected HOST:PORT, got '" + value + "'");
          } else {
            assignments.add(new String[] {"listen.host", value.substring(0, colon)});
            assignments.add(new String[] {"listen.port", value.substring(colon + 1)});
          }
        }
        case "param" -> {
          int kv = value.indexOf('=');
          if (kv <= 0) {
            problems.add("flag --param: expected NAME=VALUE, got '" + value + "'");
          } else {
            assignments.add(
                new String[] {
                  "policy.parameters." + value.substring(0, kv), value.substring(kv + 1)
                });
          }
        }
        case "set" -> {
          int kv = value.indexOf('=');
          if (kv <= 0) {
            problems.add("flag --set: expected PATH=VALUE, got '" + value + "'");
          } else {
            assignments.add(new String[] {value.substring(0, kv), value.substring(kv + 1)});
          }
        }
        case "backend" -> backendSpecs.add(value);
        case "peer" -> peerSpecs.add(value);
        default -> {
          String path = FLAGS.get(name);
          if (path == null) {
            problems.add(
                "unknown flag --"
                    + name
                    + " (known: --config, --listen, --param, --set, --backend, --peer, --"
                    + String.join(", --", FLAGS.keySet())
                    + ")");
          } else {
            assignments.add(new String[] {path, value});
          }
        }
      }
    }
    if (file == null && env.get("GORGO_PROXY_CONFIG") != null) {
      file = Path.of(env.get("GORGO_PROXY_CONFIG"));
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    if (file != null) {
      try {
        root = readFile(file);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    // Environment first, flags last: flags win.
    List<String[]> envAssignments = new ArrayList<>();
    for (Map.Entry<String, String> e : ENV.entrySet()) {
      String v = env.get(e.getKey());
      if (v != null && !v.isBlank()) {
        envAssignments.add(new String[] {e.getValue(), v});
      }
    }
    applyAll(root, envAssignments, problems);
    if (env.get("GORGO_PROXY_BACKENDS") != null && backendSpecs.isEmpty()) {
      backendSpecs.addAll(splitList(env.get("GORGO_PROXY_BACKENDS")));
    }
    if (env.get("GORGO_PROXY_PEERS") != null && peerSpecs.isEmpty()) {
      peerSpecs.addAll(splitList(env.get("GORGO_PROXY_PEERS")));
    }
    applyAll(root, assignments, problems);
    if (!backendSpecs.isEmpty()) {
      root.set("backends", specList(backendSpecs, true, problems));
    }
    if (!peerSpecs.isEmpty()) {
      root.set("peers", specList(peerSpecs, false, problems));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return bind(root, env);
  }

  /**
   * Parses a configuration document (YAML, or JSON which is a subset) without overrides.
   *
   * @param text the document
   * @param env environment used to resolve the admin token
   * @throws ConfigException on any invalid input
   */
  public static ProxyConfig parse(String text, Map<String, String> env) {
    return bind(parseTree(text, "configuration"), env);
  }

  private static ObjectNode readFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("config file " + file + ": cannot read (" + e + ")");
    }
    return parseTree(text, "config file " + file);
  }

  private static ObjectNode parseTree(String text, String what) {
    JsonNode node;
    try {
      String t = text.stripLeading();
      node = (t.startsWith("{") ? JSON : YAML).readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          what
              + ": not valid YAML or JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!(node instanceof ObjectNode obj)) {
      throw new ConfigException(what + ": the top level must be a mapping of keys to values");
    }
    return obj;
  }

  private static List<String> splitList(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  /** {@code ID=URL@REGION} (backends) or {@code ID=URL} (peers) into an array node. */
  private static ArrayNode specList(List<String> specs, boolean backend, List<String> problems) {
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    String flag = backend ? "--backend" : "--peer";
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      int at = backend ? spec.lastIndexOf('@') : spec.length();
      if (eq <= 0 || at <= eq + 1) {
        problems.add(flag + " '" + spec + "': expected " + (backend ? "ID=URL@REGION" : "ID=URL"));
        continue;
      }
      ObjectNode o = arr.addObject();
      o.put("id", spec.substring(0, eq));
      o.put("url", spec.substring(eq + 1, at));
      if (backend) {
        o.put("region", spec.substring(at + 1));
      }
    }
    return arr;
  }

  private static void applyAll(ObjectNode root, List<String[]> assignments, List<String> problems) {
    for (String[] a : assignments) {
      String[] parts = a[0].split("\\.");
      ObjectNode node = root;
      boolean ok = true;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonNode child = node.get(parts[i]);
        if (child == null || child.isNull() || child.isTextual()) {
          // "policy: gorgo" shorthand becomes {name: gorgo} before a nested key is set.
          ObjectNode created = node.putObject(parts[i]);
          if (child != null && child.isTextual() && parts[i].equals("policy")) {
            created.put("name", child.asText());
          }
          node = created;
        } else if (child instanceof ObjectNode o) {
          node = o;
        } else {
          problems.add(a[0] + ": cannot set a key inside " + parts[i] + " (not a mapping)");
          ok = false;
          break;
        }
      }
      if (ok) {
        node.put(parts[parts.length - 1], a[1]);
      }
    }
  }

  // ---------------------------------------------------------------- binding

  private static ProxyConfig bind(ObjectNode root, Map<String, String> env) {
    Binder b = new Binder();
    b.allowOnly(
        root,
        "",
        "listen",
        "mode",
        "localId",
        "backends",
        "peers",
        "policy",
        "queue",
        "timeouts",
        "maxBody",
        "admin",
        "polling",
        "keyer",
        "requestLogSize",
        "capacityFromServer");
    ProxyConfig.Builder c = ProxyConfig.builder();
    JsonNode listen = b.object(root, "listen", "host", "port");
    if (listen != null) {
      c.host = b.text(listen, "listen.host", "host", c.host);
      c.port = b.integer(listen, "listen.port", "port", c.port);
    }
    String mode = b.text(root, "mode", "mode", null);
    if (mode != null) {
      switch (mode.toLowerCase(Locale.ROOT)) {
        case "centralized" -> c.mode = ProxyConfig.Mode.CENTRALIZED;
        case "distributed" -> c.mode = ProxyConfig.Mode.DISTRIBUTED;
        default -> b.problem("mode: must be centralized or distributed, got '" + mode + "'");
      }
    }
    c.localId = b.text(root, "localId", "localId", null);
    JsonNode backends = root.get("backends");
    if (backends != null && !backends.isNull()) {
      if (!backends.isArray()) {
        b.problem("backends: must be a list");
      } else {
        for (int i = 0; i < backends.size(); i++) {
          String p = "backends[" + i + "]";
          JsonNode n = backends.get(i);
          if (!n.isObject()) {
            b.problem(p + ": must be a mapping with id, url, region");
            continue;
          }
          b.allowOnly(n, p + ".", "id", "url", "region", "maxRunning");
          String id = b.required(n, p + ".id", "id");
          URI url = b.uri(n, p + ".url", "url");
          String region = b.required(n, p + ".region", "region");
          int maxRunning =
              b.integer(
                  n, p + ".maxRunning", "maxRunning", dev.gorgo.api.Endpoint.DEFAULT_MAX_RUNNING);
          if (id != null && url != null && region != null) {
            c.backends.add(new ProxyConfig.Backend(id, url, region, maxRunning));
          }
        }
      }
    }
    JsonNode peers = root.get("peers");
    if (peers != null && !peers.isNull()) {
      if (!peers.isArray()) {
        b.problem("peers: must be a list");
      } else {
        for (int i = 0; i < peers.size(); i++) {
          String p = "peers[" + i + "]";
          JsonNode n = peers.get(i);
          b.allowOnly(n, p + ".", "id", "url");
          String id = b.required(n, p + ".id", "id");
          URI url = b.uri(n, p + ".url", "url");
          if (id != null && url != null) {
            c.peers.add(new ProxyConfig.Peer(id, url));
          }
        }
      }
    }
    JsonNode policy = root.get("policy");
    if (policy != null && policy.isTextual()) {
      c.policyName = policy.asText();
    } else if (policy != null) {
      b.object(root, "policy", "name", "parameters");
      c.policyName = b.text(policy, "policy.name", "name", c.policyName);
      JsonNode params = policy.get("parameters");
      if (params != null && !params.isNull()) {
        if (!params.isObject()) {
          b.problem("policy.parameters: must be a mapping of name to value");
        } else {
          for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode()) {
              b.problem("policy.parameters." + e.getKey() + ": must be a single value");
            } else {
              c.policyParameters.put(e.getKey(), e.getValue().asText());
            }
          }
        }
      }
    }
    JsonNode queue = b.object(root, "queue", "maxQueued", "timeout");
    if (queue != null) {
      c.maxQueued = b.integer(queue, "queue.maxQueued", "maxQueued", c.maxQueued);
      c.queueTimeout = b.duration(queue, "queue.timeout", "timeout", c.queueTimeout);
    }
    JsonNode timeouts = b.object(root, "timeouts", "connect", "idle");
    if (timeouts != null) {
      c.connectTimeout = b.duration(timeouts, "timeouts.connect", "connect", c.connectTimeout);
      c.idleTimeout = b.duration(timeouts, "timeouts.idle", "idle", c.idleTimeout);
    }
    c.maxBodyBytes = b.size(root, "maxBody", "maxBody", c.maxBodyBytes);
    JsonNode polling = b.object(root, "polling", "metricsInterval", "rttInterval", "timeout");
    if (polling != null) {
      c.pollTimeout = b.duration(polling, "polling.timeout", "timeout", c.pollTimeout);
      c.metricsInterval =
          b.duration(polling, "polling.metricsInterval", "metricsInterval", c.metricsInterval);
      c.rttInterval = b.duration(polling, "polling.rttInterval", "rttInterval", c.rttInterval);
    }
    c.keyer = b.text(root, "keyer", "keyer", c.keyer);
    c.requestLogSize = b.integer(root, "requestLogSize", "requestLogSize", c.requestLogSize);
    String fromServer = b.text(root, "capacityFromServer", "capacityFromServer", null);
    if (fromServer != null) {
      if (!fromServer.equals("true") && !fromServer.equals("false")) {
        b.problem("capacityFromServer: must be true or false, got '" + fromServer + "'");
      } else {
        c.capacityFromServer = Boolean.parseBoolean(fromServer);
      }
    }

    String tokenEnv = DEFAULT_TOKEN_ENV;
    Path tokenFile = null;
    JsonNode admin = root.get("admin");
    if (admin != null && admin.has("token")) {
      b.problem(
          "admin.token: tokens are not accepted in the config file; put it in a file"
              + " (admin.tokenFile) or in the "
              + DEFAULT_TOKEN_ENV
              + " environment variable");
    } else if (admin != null) {
      b.object(root, "admin", "tokenEnv", "tokenFile");
      tokenEnv = b.text(admin, "admin.tokenEnv", "tokenEnv", tokenEnv);
      String f = b.text(admin, "admin.tokenFile", "tokenFile", null);
      tokenFile = f == null ? null : Path.of(f);
    }
    Secret token = Secret.NONE;
    if (tokenFile != null) {
      try {
        String firstLine = Files.readAllLines(tokenFile).stream().findFirst().orElse("");
        if (firstLine.isBlank()) {
          b.problem("admin.tokenFile: " + tokenFile + " is empty");
        } else {
          token = Secret.of(firstLine);
        }
      } catch (IOException e) {
        b.problem(
            "admin.tokenFile: cannot read "
                + tokenFile
                + " ("
                + e.getClass().getSimpleName()
                + ")");
      }
    } else if (env.get(tokenEnv) != null && !env.get(tokenEnv).isBlank()) {
      token = Secret.of(env.get(tokenEnv));
    }
    c.admin = new ProxyConfig.Admin(tokenEnv, tokenFile, token);
    b.throwIfAny();
    return c.build();
  }

  // ---------------------------------------------------------------- validation

  /**
   * Checks the semantic rules (ranges, unique ids, mode consistency). Structural problems (wrong
   * types, unknown keys) are found while binding.
   *
   * @throws ConfigException listing every problem
   */
  static void validate(ProxyConfig c) {
    List<String> p = new ArrayList<>();
    if (c.listen().host() == null || c.listen().host().isBlank()) {
      p.add("listen.host: must not be empty");
    }
    if (c.listen().port() < 0 || c.listen().port() > 65535) {
      p.add("listen.port: must be 0..65535 (0 picks a free port), got " + c.listen().port());
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < c.backends().size(); i++) {
      ProxyConfig.Backend be = c.backends().get(i);
      String at = "backends[" + i + "]";
      if (!ID.matcher(be.id()).matches()) {
        p.add(at + ".id: '" + be.id() + "' must be 1-64 characters of A-Z a-z 0-9 . _ : -");
      } else if (!ids.add(be.id())) {
        p.add(at + ".id: duplicate id '" + be.id() + "'");
      }
      checkUrl(be.url(), at + ".url", p);
      if (be.region() == null || be.region().isBlank()) {
        p.add(at + ".region: must not be empty");
      }
      if (be.maxRunning() < 1) {
        p.add(at + ".maxRunning: must be >= 1, got " + be.maxRunning());
      }
    }
    if (c.policy().name().isBlank()) {
      p.add("policy.name: must not be empty");
    }
    if (c.queue().maxQueued() < 0) {
      p.add("queue.maxQueued: must be >= 0, got " + c.queue().maxQueued());
    }
    positive(c.queue().timeout(), "queue.timeout", p);
    positive(c.timeouts().connect(), "timeouts.connect", p);
    positive(c.timeouts().idle(), "timeouts.idle", p);
    if (c.maxBodyBytes() < 1024 || c.maxBodyBytes() > (1L << 30)) {
      p.add("maxBody: must be between 1KiB and 1GiB, got " + c.maxBodyBytes() + " bytes");
    }
    if (c.polling().metricsInterval().toMillis() < 10) {
      p.add("polling.metricsInterval: must be >= 10ms");
    }
    if (c.polling().rttInterval().toMillis() < 10) {
      p.add("polling.rttInterval: must be >= 10ms");
    }
    positive(c.polling().timeout(), "polling.timeout", p);
    if (!c.keyer().equals("blocks") && !c.keyer().equals("chars")) {
      p.add("keyer: must be blocks or chars, got '" + c.keyer() + "'");
    }
    if (c.requestLogSize() < 0 || c.requestLogSize() > 10_000_000) {
      p.add("requestLogSize: must be 0..10000000, got " + c.requestLogSize());
    }
    if (c.mode() == ProxyConfig.Mode.DISTRIBUTED) {
      if (c.localId() == null) {
        p.add("localId: required in distributed mode (the id of the backend beside this proxy)");
      } else if (!ids.contains(c.localId())) {
        p.add("localId: '" + c.localId() + "' is not one of the backend ids " + ids);
      }
      Set<String> peerIds = new HashSet<>();
      for (int i = 0; i < c.peers().size(); i++) {
        ProxyConfig.Peer peer = c.peers().get(i);
        String at = "peers[" + i + "]";
        if (!ids.contains(peer.id())) {
          p.add(at + ".id: '" + peer.id() + "' is not one of the backend ids " + ids);
        } else if (peer.id().equals(c.localId())) {
          p.add(at + ".id: '" + peer.id() + "' is this proxy's own backend (localId)");
        } else if (!peerIds.add(peer.id())) {
          p.add(at + ".id: duplicate peer '" + peer.id() + "'");
        }
        checkUrl(peer.url(), at + ".url", p);
      }
      for (String id : ids) {
        if (!id.equals(c.localId()) && !peerIds.contains(id)) {
          p.add("peers: no peer proxy for backend '" + id + "' (each remote backend needs one)");
        }
      }
    } else {
      if (c.localId() != null) {
        p.add("localId: only used in distributed mode (set mode: distributed)");
      }
      if (!c.peers().isEmpty()) {
        p.add("peers: only used in distributed mode (set mode: distributed)");
      }
    }
    if (!p.isEmpty()) {
      throw new ConfigException(p);
    }
  }

  private static void checkUrl(URI url, String at, List<String> p) {
    if (url == null) {
      p.add(at + ": required");
      return;
    }
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || url.getHost() == null) {
      p.add(at + ": '" + url + "' is not an http(s) URL with a host");
    } else if (url.getQuery() != null || url.getFragment() != null) {
      p.add(at + ": '" + url + "' must not have a query or fragment");
    }
  }

  private static void positive(Duration d, String at, List<String> p) {
    if (d == null || d.isNegative() || d.isZero()) {
      p.add(at + ": must be a positive duration");
    }
  }

  /**
   * Parses a duration: {@code 250ms}, {@code 2s}, {@code 1.5m}, {@code 1h} or ISO-8601 ({@code
   * PT2S}).
   *
   * @throws IllegalArgumentException with a readable message
   */
  public static Duration parseDuration(String text) {
    String t = text.strip();
    Matcher m = DURATION.matcher(t);
    if (m.matches()) {
      double v = Double.parseDouble(m.group(1));
      double nanosPer =
          switch (m.group(2)) {
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
          };
      return Duration.ofNanos(Math.round(v * nanosPer));
    }
    if (t.matches("\\d+(\\.\\d+)?")) {
      throw new IllegalArgumentException("'" + t + "' needs a unit (ms, s, m, h), e.g. " + t + "s");
    }
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + t + "' is not a duration (use e.g. 500ms, 2s, 5m, 1h)");
    }
  }

  /**
   * Parses a byte size: {@code 1048576}, {@code 512KiB}, {@code 16MiB}, {@code 1GiB} (also KB, MB,
   * GB as powers of 1000).
   *
   * @throws IllegalArgumentException with a readable message
   */
  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size (use e.g. 1048576, 512KiB, 16MiB)");
    }
    long v = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    long mult =
        switch (unit) {
          case "KB" -> 1000L;
          case "KIB" -> 1024L;
          case "MB" -> 1000_000L;
          case "MIB" -> 1L << 20;
          case "GB" -> 1000_000_000L;
          case "GIB" -> 1L << 30;
          default -> 1L;
        };
    return Math.multiplyExact(v, mult);
  }

  /** Typed reads from the tree that record problems instead of throwing. */
  private static final class Binder {
    final List<String> problems = new ArrayList<>();

    void problem(String p) {
      problems.add(p);
    }

    void throwIfAny() {
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
    }

    void allowOnly(JsonNode node, String prefix, String... keys) {
      Set<String> known = Set.of(keys);
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!known.contains(k)) {
          problems.add(
              prefix + k + ": unknown key (known: " + String.join(", ", List.of(keys)) + ")");
        }
      }
    }

    JsonNode object(JsonNode parent, String path, String... keys) {
      JsonNode n = parent.get(path.substring(path.lastIndexOf('.') + 1));
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isObject()) {
        problems.add(path + ": must be a mapping (keys: " + String.join(", ", keys) + ")");
        return null;
      }
      allowOnly(n, path + ".", keys);
      return n;
    }

    String text(JsonNode parent, String path, String key, String dflt) {
      JsonNode n = parent.get(key);
      if (n == null || n.isNull()) {
        return dflt;
      }
      if (!n.isValueNode()) {
        problems.add(path + ": must be a single value");
        return dflt;
      }
      return n.asText();
    }

    String required(JsonNode parent, String path, String key) {
      String v = text(parent, path, key, null);
      if (v == null || v.isBlank()) {
        problems.add(path + ": required");
        return null;
      }
      return v;
    }

    URI uri(JsonNode parent, String path, String key) {
      String v = required(parent, path, key);
      if (v == null) {
        return null;
      }
      try {
        URI u = new URI(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
        if (u.getScheme() == null || u.getHost() == null) {
          problems.add(path + ": '" + v + "' is not an http(s) URL with a host");
          return null;
        }
        return u;
      } catch (URISyntaxException e) {
        problems.add(path + ": '" + v + "' is not a URL (" + e.getReason() + ")");
        return null;
      }
    }

    int integer(JsonNode parent, String path, String key, int dflt) {
      String v = text(parent, path, key, null);
      if (v == null) {
        return dflt;
      }
      try {
        return Integer.parseInt(v.strip().replace("_", ""));
      } catch (NumberFormatException e) {
        problems.add(path + ": must be a whole number, got '" + v + "'");
        return dflt;
      }
    }

    Duration duration(JsonNode parent, String path, String key, Duration dflt) {
      String v = text(parent, path, key, null);
      if (v == null) {
        return dflt;
      }
      try {
        return parseDuration(v);
      } catch (IllegalArgumentException e) {
        problems.add(path + ": " + e.getMessage());
        return dflt;
      }
    }

    long size(JsonNode parent, String path, String key, long dflt) {
      String v = text(parent, path, key, null);
      if (v == null) {
        return dflt;
      }
      try {
        return parseSize(v);
      } catch (IllegalArgumentException | ArithmeticException e) {
        problems.add(path + ": " + e.getMessage());
        return dflt;
      }
    }
  }
}
