package dev.gorgo.lambda;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorgo.lambda.internal.Envelope;
import dev.gorgo.lambda.internal.Json;
import dev.gorgo.lambda.internal.RateLimiter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * A typed client for every operation of the Lambda Cloud API 1.8.3: instances, instance types with
 * regional capacity, launch/restart/terminate, SSH keys, file systems, images, firewall rules and
 * rulesets (including the global ruleset) and audit events.
 *
 * <p><b>How a call runs.</b> Each call takes a slot from a client-side {@link RateLimiter} (one
 * request per second, one launch per twelve seconds, as the spec asks), sends the request with
 * {@code Authorization: Bearer <key>}, unwraps the {@code {"data": ...}} envelope into a record, or
 * maps the {@code {"error": {...}}} envelope to a {@link LambdaException} subtype by its {@code
 * code}. Rate limiting (429), server errors (5xx) and {@code provider/*} errors are retried with
 * exponential back-off (1 s doubling, capped at 30 s, {@code Retry-After} honoured), up to {@link
 * Builder#maxAttempts(int)} attempts. Calls that create something (launch, add key, create file
 * system or ruleset) are retried only when the server said it did nothing: 429, 503 or a {@code
 * provider/*} error; a timeout or a bare 500 there is thrown, because retrying could create a
 * second instance.
 *
 * <p><b>Secrets.</b> The key lives only in the header. It is never logged (requests are logged at
 * DEBUG as method, path and status through {@link System.Logger} {@code dev.gorgo.lambda}), and
 * every message taken from a response is scrubbed of it before it reaches an exception.
 *
 * <p><b>Threads.</b> Thread-safe; calls block the caller. Share one instance: the rate limiter only
 * works if all calls go through it.
 */
public final class LambdaClient implements AutoCloseable {
  /** The production API root. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://cloud.lambda.ai/");

  private static final System.Logger LOG = System.getLogger("dev.gorgo.lambda");
  private static final MediaType JSON = MediaType.get("application/json");
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final OkHttpClient http;
  private final HttpUrl base;
  private final ApiKey key;
  private final TimeSource time;
  private final RateLimiter limiter;
  private final int maxAttempts;

  private LambdaClient(Builder b) {
    this.key = Objects.requireNonNull(b.key, "apiKey");
    this.base = HttpUrl.get(b.baseUrl.toString()).newBuilder().encodedPath("/api/v1/").build();
    this.time = b.time;
    this.limiter = new RateLimiter(b.time, b.requestInterval.toNanos(), b.launchInterval.toNanos());
    this.maxAttempts = b.maxAttempts;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(b.connectTimeout)
            .readTimeout(b.readTimeout)
            .callTimeout(b.callTimeout)
            .retryOnConnectionFailure(false)
            .build();
  }

  /**
   * Starts configuring a client.
   *
   * @param key the API key
   * @return a builder with the defaults described on its methods
   */
  public static Builder builder(ApiKey key) {
    return new Builder(key);
  }

  // ---- instances ----

  /**
   * Lists running instances ({@code GET /instances}).
   *
   * @return the instances; never null
   */
  public List<Instance> listInstances() {
    return get(url("instances"), listOf(Instance.class));
  }

  /**
   * Lists the instances of one cluster ({@code GET /instances?cluster_id=}).
   *
   * @param clusterId the Lambda cluster ID
   * @return the instances; never null
   */
  public List<Instance> listInstances(String clusterId) {
    HttpUrl u = url("instances").newBuilder().addQueryParameter("cluster_id", clusterId).build();
    return get(u, listOf(Instance.class));
  }

  /**
   * Fetches one instance ({@code GET /instances/{id}}).
   *
   * @param id the instance ID
   * @return the instance
   * @throws LambdaException.NotFound if there is no such instance
   */
  public Instance getInstance(String id) {
    return get(url("instances", id), type(Instance.class));
  }

  /**
   * Renames an instance ({@code POST /instances/{id}}).
   *
   * @param id the instance ID
   * @param name the new name, at most 64 characters
   * @return the updated instance
   */
  public Instance renameInstance(String id, String name) {
    return call("POST", url("instances", id), Map.of("name", name), type(Instance.class), true);
  }

  /**
   * The instance-type catalogue with the regions that have capacity now ({@code GET
   * /instance-types}).
   *
   * @return entries keyed and sorted by type name
   */
  public Map<String, InstanceTypeAvailability> instanceTypes() {
    Map<String, InstanceTypeAvailability> m =
        get(
            url("instance-types"),
            Json.MAPPER
                .getTypeFactory()
                .constructMapType(Map.class, String.class, InstanceTypeAvailability.class));
    return new TreeMap<>(m);
  }

  /**
   * Launches instances ({@code POST /instance-operations/launch}); paced to one per 12 s.
   *
   * @param request what to launch
   * @return the IDs of the launched instances
   * @throws LambdaException.InsufficientCapacity if the region has no capacity for the type
   */
  public List<String> launch(LaunchRequest request) {
    JsonNode data = call("POST", url("instance-operations", "launch"), request, node(), false);
    return strings(data, "instance_ids");
  }

  /**
   * Restarts instances ({@code POST /instance-operations/restart}).
   *
   * @param ids instance IDs
   * @return the restarted instances
   */
  public List<Instance> restart(List<String> ids) {
    JsonNode data =
        call(
            "POST",
            url("instance-operations", "restart"),
            Map.of("instance_ids", ids),
            node(),
            true);
    return convert(data.get("restarted_instances"), listOf(Instance.class));
  }

  /**
   * Terminates instances ({@code POST /instance-operations/terminate}).
   *
   * @param ids instance IDs
   * @return the terminated instances
   */
  public List<Instance> terminate(List<String> ids) {
    JsonNode data =
        call(
            "POST",
            url("instance-operations", "terminate"),
            Map.of("instance_ids", ids),
            node(),
            true);
    return convert(data.get("terminated_instances"), listOf(Instance.class));
  }

  // ---- SSH keys ----

  /**
   * Lists the account's SSH keys ({@code GET /ssh-keys}).
   *
   * @return the keys; never null
   */
  public List<SshKey> listSshKeys() {
    return get(url("ssh-keys"), listOf(SshKey.class));
  }

  /**
   * Registers an existing public key ({@code POST /ssh-keys} with {@code public_key}).
   *
   * @param name the key name, 1 to 64 characters
   * @param publicKey the public key in OpenSSH format
   * @return the registered key
   */
  public SshKey addSshKey(String name, String publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    Map<String, String> body = Map.of("name", name, "public_key", publicKey.strip());
    return call("POST", url("ssh-keys"), body, type(SshKey.class), false);
  }

  /**
   * Has the API generate a key pair ({@code POST /ssh-keys} without {@code public_key}) and writes
   * the returned private key to {@code privateKeyFile} with permissions {@code 0600} (owner
   * read/write only, set before any byte is written). The private key is not kept in memory beyond
   * this call and is not part of the returned record.
   *
   * @param name the key name, 1 to 64 characters
   * @param privateKeyFile where to save the private key; must not exist
   * @return the registered key (public part)
   * @throws IOException if the file exists or cannot be written (the key is then registered but its
   *     private half is lost: delete it with {@link #deleteSshKey(String)})
   * @throws LambdaException.MalformedResponse if the response lacks the private key, or lacks the
   *     key's ID, name or public key (the private key, when present, has then been written)
   */
  public SshKey generateSshKey(String name, Path privateKeyFile) throws IOException {
    if (Files.exists(privateKeyFile)) {
      throw new FileAlreadyExistsException(privateKeyFile.toString());
    }
    JsonNode data = call("POST", url("ssh-keys"), Map.of("name", name), node(), false);
    JsonNode pk = data.get("private_key");
    if (pk == null || !pk.isTextual()) {
      throw new LambdaException.MalformedResponse(200, "generated SSH key without private_key");
    }
    writePrivate(privateKeyFile, pk.asText());
    return new SshKey(
        requiredText(data, "id"), requiredText(data, "name"), requiredText(data, "public_key"));
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
      if (!content.endsWith("\n")) {
        out.write('\n');
      }
    }
  }

  /**
   * Deletes an SSH key ({@code DELETE /ssh-keys/{id}}).
   *
   * @param id the key ID
   */
  public void deleteSshKey(String id) {
    call("DELETE", url("ssh-keys", id), null, node(), true);
  }

  // ---- file systems ----

  /**
   * Lists file systems ({@code GET /file-systems}).
   *
   * @return the file systems; never null
   */
  public List<Filesystem> listFilesystems() {
    return get(url("file-systems"), listOf(Filesystem.class));
  }

  /**
   * Creates a file system ({@code POST /filesystems}).
   *
   * @param name the name ({@code ^[a-zA-Z]+[0-9a-zA-Z-]*$}, at most 60 characters)
   * @param region the region code
   * @return the new file system
   * @throws LambdaException.Duplicate if the name is taken
   */
  public Filesystem createFilesystem(String name, String region) {
    Map<String, String> body = Map.of("name", name, "region", region);
    return call("POST", url("filesystems"), body, type(Filesystem.class), false);
  }

  /**
   * Deletes a file system ({@code DELETE /filesystems/{id}}).
   *
   * @param id the file system ID
   * @return the deleted IDs
   * @throws LambdaException.FilesystemInUse if an instance uses it
   */
  public List<String> deleteFilesystem(String id) {
    return strings(call("DELETE", url("filesystems", id), null, node(), true), "deleted_ids");
  }

  // ---- images ----

  /**
   * Lists the available machine images ({@code GET /images}).
   *
   * @return the images; never null
   */
  public List<Image> listImages() {
    return get(url("images"), listOf(Image.class));
  }

  // ---- firewall ----

  /**
   * Lists the account's inbound rules ({@code GET /firewall-rules}).
   *
   * @return the rules; never null
   */
  public List<FirewallRule> listFirewallRules() {
    return get(url("firewall-rules"), listOf(FirewallRule.class));
  }

  /**
   * Replaces all inbound rules ({@code PUT /firewall-rules}, body {@code {"data": [...]}}).
   *
   * @param rules the complete new rule list
   * @return the rules now in force
   */
  public List<FirewallRule> setFirewallRules(List<FirewallRule> rules) {
    return call(
        "PUT", url("firewall-rules"), Map.of("data", rules), listOf(FirewallRule.class), true);
  }

  /**
   * Lists regional firewall rulesets ({@code GET /firewall-rulesets}).
   *
   * @return the rulesets; never null
   */
  public List<FirewallRuleset> listFirewallRulesets() {
    return get(url("firewall-rulesets"), listOf(FirewallRuleset.class));
  }

  /**
   * Creates a regional ruleset ({@code POST /firewall-rulesets}).
   *
   * @param name the name, at most 64 characters
   * @param region the region code
   * @param rules the rules
   * @return the new ruleset
   */
  public FirewallRuleset createFirewallRuleset(
      String name, String region, List<FirewallRule> rules) {
    Map<String, Object> body = Map.of("name", name, "region", region, "rules", rules);
    return call("POST", url("firewall-rulesets"), body, type(FirewallRuleset.class), false);
  }

  /**
   * Fetches one ruleset ({@code GET /firewall-rulesets/{id}}).
   *
   * @param id the ruleset ID
   * @return the ruleset
   */
  public FirewallRuleset getFirewallRuleset(String id) {
    return get(url("firewall-rulesets", id), type(FirewallRuleset.class));
  }

  /**
   * Updates a ruleset ({@code PATCH /firewall-rulesets/{id}}).
   *
   * @param id the ruleset ID
   * @param name a new name, or null to keep it
   * @param rules the complete new rule list, or null to keep it
   * @return the updated ruleset
   */
  public FirewallRuleset updateFirewallRuleset(
      String id, @Nullable String name, @Nullable List<FirewallRule> rules) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    if (name != null) {
      body.put("name", name);
    }
    if (rules != null) {
      body.set("rules", Json.MAPPER.valueToTree(rules));
    }
    return call("PATCH", url("firewall-rulesets", id), body, type(FirewallRuleset.class), true);
  }

  /**
   * Deletes a ruleset ({@code DELETE /firewall-rulesets/{id}}).
   *
   * @param id the ruleset ID
   * @throws LambdaException.FirewallRulesetInUse if instances use it
   */
  public void deleteFirewallRuleset(String id) {
    call("DELETE", url("firewall-rulesets", id), null, node(), true);
  }

  /**
   * The global ruleset applied to all instances ({@code GET /firewall-rulesets/global}).
   *
   * @return the global ruleset
   */
  public GlobalFirewallRuleset globalFirewallRuleset() {
    return get(url("firewall-rulesets", "global"), type(GlobalFirewallRuleset.class));
  }

  /**
   * Replaces the global rules ({@code PATCH /firewall-rulesets/global}).
   *
   * @param rules the complete new rule list
   * @return the updated global ruleset
   */
  public GlobalFirewallRuleset updateGlobalFirewallRuleset(List<FirewallRule> rules) {
    return call(
        "PATCH",
        url("firewall-rulesets", "global"),
        Map.of("rules", rules),
        type(GlobalFirewallRuleset.class),
        true);
  }

  // ---- audit events ----

  /**
   * One page of audit events ({@code GET /audit-events}).
   *
   * @param start inclusive start, or null for the earliest event
   * @param end inclusive end, or null for the latest event
   * @param resourceType a resource type filter such as {@code cloud.api_key}, or null for all
   * @param pageToken the token from the previous page, or null for the first page
   * @return the page; its {@code pageToken} is null on the last page
   */
  public AuditEvent.Page auditEvents(
      @Nullable Instant start,
      @Nullable Instant end,
      @Nullable String resourceType,
      @Nullable String pageToken) {
    HttpUrl.Builder u = url("audit-events").newBuilder();
    if (start != null) {
      u.addQueryParameter("start", start.toString());
    }
    if (end != null) {
      u.addQueryParameter("end", end.toString());
    }
    if (pageToken != null) {
      u.addQueryParameter("page_token", pageToken);
    }
    if (resourceType != null) {
      u.addQueryParameter("resource_type", resourceType);
    }
    return get(u.build(), type(AuditEvent.Page.class));
  }

  /**
   * All audit events in a range, following page tokens.
   *
   * @param start inclusive start, or null
   * @param end inclusive end, or null
   * @param resourceType a resource type filter, or null
   * @param maxPages a bound on the pages fetched (each is one paced request)
   * @return the events in server order
   */
  public List<AuditEvent> allAuditEvents(
      @Nullable Instant start, @Nullable Instant end, @Nullable String resourceType, int maxPages) {
    List<AuditEvent> all = new ArrayList<>();
    String token = null;
    for (int page = 0; page < maxPages; page++) {
      AuditEvent.Page p = auditEvents(start, end, resourceType, token);
      all.addAll(p.events());
      token = p.pageToken();
      if (token == null || token.isEmpty()) {
        break;
      }
    }
    return all;
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "LambdaClient[" + base + "]";
  }

  // ---- plumbing ----

  private HttpUrl url(String... segments) {
    HttpUrl.Builder b = base.newBuilder();
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  private static JavaType type(Class<?> c) {
    return Json.MAPPER.getTypeFactory().constructType(c);
  }

  private static JavaType listOf(Class<?> c) {
    return Json.MAPPER.getTypeFactory().constructCollectionType(List.class, c);
  }

  private static JavaType node() {
    return type(JsonNode.class);
  }

  private static String requiredText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new LambdaException.MalformedResponse(200, "generated SSH key without " + field);
    }
    return v.asText();
  }

  private static List<String> strings(JsonNode data, String field) {
    return convert(data.get(field), new TypeReference<List<String>>() {});
  }

  private static <T> T convert(@Nullable JsonNode n, TypeReference<T> t) {
    return convert(n, Json.MAPPER.getTypeFactory().constructType(t));
  }

  private static <T> T convert(@Nullable JsonNode n, JavaType t) {
    if (n == null || n.isNull()) {
      throw new LambdaException.MalformedResponse(200, "missing field in response data");
    }
    try {
      return Json.MAPPER.treeToValue(n, t);
    } catch (IOException | IllegalArgumentException e) {
      throw new LambdaException.MalformedResponse(200, "unexpected response shape: " + t);
    }
  }

  private <T> T get(HttpUrl u, JavaType t) {
    return call("GET", u, null, t, true);
  }

  private <T> T call(
      String method, HttpUrl u, @Nullable Object body, JavaType t, boolean idempotent) {
    boolean launch = u.encodedPath().endsWith("/instance-operations/launch");
    String what = method + " " + u.encodedPath();
    RequestBody rb = null;
    if (body != null) {
      try {
        rb = RequestBody.create(Json.MAPPER.writeValueAsBytes(body), JSON);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot encode request body for " + what, e);
      }
    }
    Request req =
        new Request.Builder()
            .url(u)
            .method(method, rb)
            .header("Authorization", key.authorization())
            .header("Accept", "application/json")
            .build();
    for (int attempt = 1; ; attempt++) {
      pace(launch);
      LambdaException failure;
      long retryAfterNanos = -1;
      try (Response resp = http.newCall(req).execute()) {
        String text = resp.body().string();
        LOG.log(System.Logger.Level.DEBUG, "{0} -> {1} (attempt {2})", what, resp.code(), attempt);
        if (resp.isSuccessful()) {
          return Envelope.decode(resp.code(), text, t);
        }
        failure = Envelope.error(resp.code(), text, key::scrub);
        retryAfterNanos = retryAfter(resp.header("Retry-After"));
      } catch (InterruptedIOException e) {
        failure = new LambdaException.TransportError(what, e);
      } catch (IOException e) {
        failure = new LambdaException.TransportError(what, e);
      }
      if (attempt >= maxAttempts || !retryable(failure, idempotent)) {
        throw failure;
      }
      long backoff =
          retryAfterNanos >= 0
              ? Math.min(retryAfterNanos, 2 * MAX_BACKOFF_NANOS)
              : Math.min(MAX_BACKOFF_NANOS, TimeUnit.SECONDS.toNanos(1L << (attempt - 1)));
      LOG.log(
          System.Logger.Level.WARNING,
          "{0} failed ({1}); retry {2} of {3} in {4} ms",
          what,
          failure.code() != null ? failure.code() : "HTTP " + failure.httpStatus(),
          attempt,
          maxAttempts - 1,
          TimeUnit.NANOSECONDS.toMillis(backoff));
      sleep(backoff);
    }
  }

  private static boolean retryable(LambdaException e, boolean idempotent) {
    if (e instanceof LambdaException.RateLimited || e instanceof LambdaException.ProviderError) {
      return true;
    }
    if (e.httpStatus() == 503) {
      return true;
    }
    return idempotent
        && (e instanceof LambdaException.ServerError
            || e instanceof LambdaException.InternalError
            || e instanceof LambdaException.TransportError);
  }

  private static long retryAfter(@Nullable String header) {
    if (header == null) {
      return -1;
    }
    try {
      return TimeUnit.SECONDS.toNanos(Math.max(0, Long.parseLong(header.strip())));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void pace(boolean launch) {
    try {
      limiter.acquire(launch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LambdaException.TransportError("rate limiter", new InterruptedIOException());
    }
  }

  private void sleep(long nanos) {
    try {
      time.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LambdaException.TransportError("retry back-off", new InterruptedIOException());
    }
  }

  /** Configures a {@link LambdaClient}. Not thread-safe; build once. */
  public static final class Builder {
    private final ApiKey key;
    private URI baseUrl = DEFAULT_BASE_URL;
    private TimeSource time = TimeSource.system();
    private Duration requestInterval = Duration.ofSeconds(1);
    private Duration launchInterval = Duration.ofSeconds(12);
    private int maxAttempts = 5;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(60);

    private Builder(ApiKey key) {
      this.key = key;
    }

    /**
     * The API root (default {@code https://cloud.lambda.ai/}); {@code /api/v1/} is appended.
     *
     * @param url an http or https URL
     * @return this builder
     */
    public Builder baseUrl(URI url) {
      this.baseUrl = Objects.requireNonNull(url);
      return this;
    }

    /**
     * The clock and sleeper for pacing and back-off (default: the system clock).
     *
     * @param t the time source
     * @return this builder
     */
    public Builder timeSource(TimeSource t) {
      this.time = Objects.requireNonNull(t);
      return this;
    }

    /**
     * Minimum spacing of requests (default 1 s) and of launches (default 12 s).
     *
     * @param request spacing of any two requests
     * @param launch spacing of two launch requests
     * @return this builder
     */
    public Builder rateLimits(Duration request, Duration launch) {
      this.requestInterval = Objects.requireNonNull(request);
      this.launchInterval = Objects.requireNonNull(launch);
      return this;
    }

    /**
     * Attempts per call including the first (default 5).
     *
     * @param attempts at least 1
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Timeouts: connect (default 10 s), read (default 30 s), whole call (default 60 s).
     *
     * @param connect connect timeout
     * @param read read timeout
     * @param call whole-call timeout
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration read, Duration call) {
      this.connectTimeout = Objects.requireNonNull(connect);
      this.readTimeout = Objects.requireNonNull(read);
      this.callTimeout = Objects.requireNonNull(call);
      return this;
    }

    /**
     * Builds the client.
     *
     * @return a new client
     */
    public LambdaClient build() {
      return new LambdaClient(this);
    }
  }
}
