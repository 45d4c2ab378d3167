package dev.gorgo.cli.bench;

import dev.gorgo.cli.ExitCodes;
import dev.gorgo.cli.UsageException;
import dev.gorgo.cli.bench.BenchReports.Output;
import dev.gorgo.cli.bench.LoadGenerator.Limits;
import dev.gorgo.cli.bench.LoadGenerator.Phase;
import dev.gorgo.cli.bench.StreamingClient.Options;
import dev.gorgo.cli.bench.StreamingClient.RequestType;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gorgo bench}: load-test an OpenAI-compatible endpoint. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Load-test any OpenAI-compatible endpoint (SGLang, vLLM, the gorgo proxy, ...), in the"
          + " manner of GuideLLM.",
      "Streams every request and measures time to first token (TTFT), inter-token latency (ITL),"
          + " end-to-end latency (E2E), output tokens/s and errors by kind; prints a table and"
          + " writes JSON, CSV and a self-contained HTML report.",
      "Every run is bounded by --max-seconds and --max-requests.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # 4 requests/s (Poisson) for 30 s of synthetic multi-turn chat",
      "  ./gorgo bench --target http://127.0.0.1:30000 --profile poisson --rate 4 \\",
      "      --max-seconds 30",
      "  # 16 concurrent streams of prompts from a JSONL file (\"prompt\" or \"messages\" per line)",
      "  ./gorgo bench --target http://10.0.0.5:8080/v1 --profile concurrent --concurrency 16 \\",
      "      --data prompts.jsonl",
      "  # replay a Mooncake trace 10x faster, first 500 requests",
      "  ./gorgo bench --target http://127.0.0.1:8080 --profile replay --time-scale 10 \\",
      "      --data mooncake-conversation.jsonl --max-requests 500",
      "  # synchronous, throughput, then 4 rates in between",
      "  ./gorgo bench --target http://127.0.0.1:8080 --profile sweep --max-seconds 20",
      "",
      "Outputs go to --output-dir: benchmarks.json, summary.csv, requests.csv, report.html.",
      "Prompt text is never written to any output."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the benchmark ran",
      "1:runtime failure (no request succeeded, cannot write outputs)",
      "2:usage error (bad option, unreadable data file, target refused by --local-only)",
      "3:more requests failed than --max-error-rate allows"
    })
public final class BenchCommand implements Callable<Integer> {
  /** Most requests of the synthetic workload (generated up front; a run ends when it runs out). */
  static final int SYNTHETIC_MAX = 100_000;

  @Spec CommandSpec spec;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "URL",
      description = "Base URL of the server, with or without /v1 (http://host:port).")
  String target;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description =
          "Model field to send. Default: the first model of GET /v1/models, else 'default'.")
  String model;

  @Option(
      names = "--request-type",
      paramLabel = "TYPE",
      defaultValue = "chat",
      converter = BenchConverters.RequestTypeConverter.class,
      completionCandidates = BenchConverters.RequestTypeNames.class,
      description =
          "chat (/v1/chat/completions) or completions (/v1/completions). Default: ${DEFAULT-VALUE}.")
  RequestType requestType;

  @Option(
      names = "--profile",
      paramLabel = "PROFILE",
      defaultValue = "poisson",
      converter = BenchConverters.ProfileConverter.class,
      completionCandidates = BenchConverters.ProfileNames.class,
      description =
          "poisson, constant, concurrent, sweep, throughput or replay (arrival times from the"
              + " data). Default: ${DEFAULT-VALUE}.")
  Profile profile;

  @Option(
      names = "--rate",
      paramLabel = "REQ/S",
      defaultValue = "1",
      description = "Requests per second for poisson and constant. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description =
          "Streams for concurrent (default 8); the most requests in flight for the other profiles"
              + " (default 256).")
  Integer concurrency;

  @Option(
      names = "--max-seconds",
      paramLabel = "S",
      defaultValue = "60",
      description = "Time limit of each run (each phase of a sweep). Default: ${DEFAULT-VALUE}.")
  double maxSeconds;

  @Option(
      names = "--max-requests",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Most requests sent per run. Default: ${DEFAULT-VALUE}.")
  int maxRequests;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "Seed of the synthetic workload and the Poisson gaps. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--data",
      paramLabel = "FILE|synthetic",
      defaultValue = "synthetic",
      description =
          "JSONL with \"prompt\" or \"messages\" per line, a Mooncake-format trace (hash_ids per"
              + " 512-token block), or 'synthetic' (the simulator's multi-turn chat). Default:"
              + " ${DEFAULT-VALUE}.")
  String data;

  @Option(
      names = "--data-format",
      paramLabel = "FORMAT",
      defaultValue = "auto",
      converter = BenchConverters.FormatConverter.class,
      completionCandidates = BenchConverters.FormatNames.class,
      description = "auto, jsonl or mooncake. Default: ${DEFAULT-VALUE} (looks at the first line).")
  Workloads.Format dataFormat;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      defaultValue = "128",
      description = "max_tokens for JSONL prompts that give none. Default: ${DEFAULT-VALUE}.")
  int maxTokens;

  @Option(
      names = "--output-tokens",
      paramLabel = "N",
      defaultValue = "64",
      description = "Synthetic: median reply length (max_tokens). Default: ${DEFAULT-VALUE}.")
  int outputTokens;

  @Option(
      names = "--user-tokens",
      paramLabel = "N",
      defaultValue = "120",
      description = "Synthetic: median user message length. Default: ${DEFAULT-VALUE}.")
  int userTokens;

  @Option(
      names = "--system-tokens",
      paramLabel = "N",
      defaultValue = "800",
      description = "Synthetic: length of each shared system prompt. Default: ${DEFAULT-VALUE}.")
  int systemTokens;

  @Option(
      names = "--turns",
      paramLabel = "N",
      defaultValue = "4",
      description = "Synthetic: mean turns per conversation. Default: ${DEFAULT-VALUE}.")
  double turns;

  @Option(
      names = "--sweep-steps",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "Sweep: constant rates between synchronous and throughput. Default: ${DEFAULT-VALUE}.")
  int sweepSteps;

  @Option(
      names = "--time-scale",
      paramLabel = "X",
      defaultValue = "1",
      description =
          "Replay: divide the data's arrival times by X (10 = ten times faster). Default: ${DEFAULT-VALUE}.")
  double timeScale;

  @Option(
      names = "--request-timeout",
      paramLabel = "S",
      defaultValue = "60",
      description =
          "Longest silence allowed on a request (connect or between chunks). Default: ${DEFAULT-VALUE}.")
  double requestTimeout;

  @Option(
      names = "--ignore-eos",
      description = "Send ignore_eos=true so SGLang/vLLM produce exactly max_tokens.")
  boolean ignoreEos;

  @Option(
      names = "--api-key-env",
      paramLabel = "VAR",
      defaultValue = "OPENAI_API_KEY",
      description =
          "Environment variable holding a bearer token, used when set. Default: ${DEFAULT-VALUE}.")
  String apiKeyEnv;

  @Option(
      names = "--header",
      paramLabel = "NAME=VALUE",
      description = "Extra request header (repeatable), e.g. X-Session-Id=abc.")
  List<String> extraHeaders = new ArrayList<>();

  @Option(
      names = "--endpoint-header",
      paramLabel = "NAME",
      defaultValue = "X-Gorgo-Endpoint",
      description =
          "Response header naming the replica that served a request (recorded in requests.csv). Default: ${DEFAULT-VALUE}.")
  String endpointHeader;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      defaultValue = "gorgo-report/bench",
      description = "Where to write the outputs. Default: ${DEFAULT-VALUE}.")
  Path outputDir;

  @Option(
      names = "--outputs",
      paramLabel = "LIST",
      split = ",",
      defaultValue = "table,json,csv,html",
      converter = BenchConverters.OutputConverter.class,
      completionCandidates = BenchConverters.OutputNames.class,
      description = "Any of table, json, csv, html. Default: ${DEFAULT-VALUE}.")
  List<Output> outputs;

  @Option(
      names = "--max-error-rate",
      paramLabel = "FRACTION",
      description = "Exit with code 3 when a run's failed/(ok+failed) exceeds this (0..1).")
  Double maxErrorRate;

  @Option(names = "--local-only", description = "Refuse targets that are not loopback addresses.")
  boolean localOnly;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress line.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    URI uri = parseTarget(target);
    validate();
    if (localOnly) {
      requireLoopback(uri);
    }
    Workload workload = workload();
    Map<String, String> headers = new HashMap<>();
    for (String h : extraHeaders) {
      int eq = h.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("--header wants NAME=VALUE, got " + h);
      }
      headers.put(h.substring(0, eq).strip(), h.substring(eq + 1).strip());
    }
    String key = apiKeyEnv == null ? null : System.getenv(apiKeyEnv);
    if (key != null && !key.isBlank()) {
      headers.put("Authorization", "Bearer " + key.strip());
    }
    int conc = concurrency != null ? concurrency : profile == Profile.CONCURRENT ? 8 : 256;
    Options options =
        new Options(
            uri,
            model == null ? "default" : model,
            requestType,
            Duration.ofMillis((long) (requestTimeout * 1000)),
            ignoreEos,
            headers,
            r -> Map.of(),
            endpointHeader);
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    BenchResult result;
    try (StreamingClient client = new StreamingClient(options, conc)) {
      StreamingClient effective = client;
      StreamingClient discovered = null;
      if (model == null) {
        String found = ModelDiscovery.firstModel(uri, headers);
        if (found != null && !found.equals("default")) {
          discovered = new StreamingClient(options.withModel(found), conc);
          effective = discovered;
        }
      }
      try {
        err.printf(
            "gorgo bench: %s against %s (model %s); %s; at most %.0f s and %d requests per run%n",
            describeProfile(conc),
            effective.url(),
            effective.options().model(),
            workload.describe(),
            maxSeconds,
            maxRequests);
        err.flush();
        Progress progress =
            quiet ? Progress.none() : Progress.console(System.err, System.console() != null);
        LoadGenerator generator = new LoadGenerator(effective, progress, seed);
        Limits limits = new Limits(Duration.ofMillis((long) (maxSeconds * 1000)), maxRequests);
        List<RunResult> runs = new ArrayList<>();
        if (profile == Profile.SWEEP) {
          sweep(generator, workload, limits, conc, runs);
        } else {
          runs.add(generator.run(new Phase(profile, rate, conc, timeScale), workload, limits));
        }
        result =
            new BenchResult(
                effective.url().toString(),
                effective.options().model(),
                profile.key(),
                seed,
                workload.describe(),
                runs);
      } finally {
        if (discovered != null) {
          discovered.close();
        }
      }
    }
    if (outputs.contains(Output.TABLE)) {
      out.print(BenchReports.table(result).render());
      out.print(BenchReports.errorLines(result));
    }
    Map<Output, Path> written;
    try {
      written = BenchReports.write(result, outputDir, outputs);
    } catch (IOException e) {
      throw new IOException("cannot write outputs to " + outputDir + ": " + e.getMessage(), e);
    }
    if (!written.isEmpty()) {
      out.println("Wrote " + outputDir.toAbsolutePath().normalize() + " (" + names(written) + ")");
      if (written.containsKey(Output.HTML)) {
        out.println("Report: " + written.get(Output.HTML).toAbsolutePath().normalize());
      }
    }
    out.flush();
    int ok = result.runs().stream().mapToInt(RunResult::successful).sum();
    int failed = result.runs().stream().mapToInt(RunResult::errored).sum();
    if (ok == 0 && failed > 0) {
      err.println(
          "gorgo bench: error: no request succeeded ("
              + BenchReports.errorLines(result).strip().replace('\n', ' ')
              + ")");
      err.flush();
      return ExitCodes.FAILURE;
    }
    if (maxErrorRate != null) {
      for (RunResult r : result.runs()) {
        if (r.errorRate() > maxErrorRate) {
          err.printf(
              Locale.ROOT,
              "gorgo bench: %s: %.1f%% of requests failed, above --max-error-rate %.1f%%%n",
              r.label(),
              r.errorRate() * 100,
              maxErrorRate * 100);
          err.flush();
          return ExitCodes.TOO_MANY_ERRORS;
        }
      }
    }
    return ExitCodes.OK;
  }

  private void sweep(
      LoadGenerator generator, Workload workload, Limits limits, int conc, List<RunResult> runs)
      throws InterruptedException {
    RunResult sync = generator.run(new Phase(Profile.CONCURRENT, 1, 1, 1), workload, limits);
    runs.add(sync);
    RunResult max = generator.run(new Phase(Profile.THROUGHPUT, 1, conc, 1), workload, limits);
    runs.add(max);
    double lo = sync.requestsPerSecond();
    double hi = max.requestsPerSecond();
    if (!(lo > 0) || !(hi > 0)) {
      throw new IllegalStateException(
          "sweep: no request succeeded in the synchronous or throughput phase; see the errors above");
    }
    if (hi <= lo) {
      hi = lo * 2;
    }
    for (int k = 1; k <= sweepSteps; k++) {
      double r = lo + k * (hi - lo) / (sweepSteps + 1);
      runs.add(generator.run(new Phase(Profile.CONSTANT, r, conc, 1), workload, limits));
    }
  }

  private Workload workload() {
    Workload w =
        data.equalsIgnoreCase("synthetic")
            ? SimWorkloads.syntheticChat(
                seed, maxRequests, systemTokens, userTokens, outputTokens, turns)
            : Workloads.load(Path.of(data), dataFormat, maxTokens, maxRequests);
    if (profile == Profile.REPLAY && !w.hasArrivalTimes()) {
      throw new UsageException(
          "--profile replay needs arrival times: a Mooncake trace, JSONL with \"timestamp\" on"
              + " every line, or the synthetic workload");
    }
    return w;
  }

  private void validate() {
    if (!(maxSeconds > 0)) {
      throw new UsageException("--max-seconds must be > 0, was " + maxSeconds);
    }
    if (maxRequests < 1) {
      throw new UsageException("--max-requests must be >= 1, was " + maxRequests);
    }
    if ((profile == Profile.POISSON || profile == Profile.CONSTANT) && !(rate > 0)) {
      throw new UsageException("--rate must be > 0 for " + profile.key() + ", was " + rate);
    }
    if (concurrency != null && concurrency < 1) {
      throw new UsageException("--concurrency must be >= 1, was " + concurrency);
    }
    if (!(timeScale > 0)) {
      throw new UsageException("--time-scale must be > 0, was " + timeScale);
    }
    if (!(requestTimeout > 0)) {
      throw new UsageException("--request-timeout must be > 0, was " + requestTimeout);
    }
    if (sweepSteps < 0 || sweepSteps > 50) {
      throw new UsageException("--sweep-steps must be in 0..50, was " + sweepSteps);
    }
    if (maxErrorRate != null && !(maxErrorRate >= 0 && maxErrorRate <= 1)) {
      throw new UsageException("--max-error-rate must be in 0..1, was " + maxErrorRate);
    }
    if (userTokens < 1 || outputTokens < 1 || systemTokens < 1 || !(turns >= 1)) {
      throw new UsageException(
          "synthetic workload: --user-tokens, --output-tokens and --system-tokens must be >= 1,"
              + " --turns >= 1");
    }
    if (maxTokens < 0) {
      throw new UsageException("--max-tokens must be >= 0, was " + maxTokens);
    }
  }

  private String describeProfile(int conc) {
    return switch (profile) {
      case POISSON, CONSTANT ->
          String.format(
              Locale.ROOT, "%s at %.4g req/s (at most %d in flight)", profile.key(), rate, conc);
      case CONCURRENT -> "concurrent, " + conc + " streams";
      case THROUGHPUT -> "throughput, up to " + conc + " in flight";
      case SWEEP -> "sweep (synchronous, throughput, " + sweepSteps + " constant rates)";
      case REPLAY -> String.format(Locale.ROOT, "replay at %.4gx speed", timeScale);
    };
  }

  private static String names(Map<Output, Path> written) {
    List<String> names = new ArrayList<>();
    for (Path p : written.values()) {
      names.add(p.getFileName().toString());
    }
    if (written.containsKey(Output.CSV)) {
      names.add(BenchReports.REQUESTS_CSV);
    }
    return String.join(", ", names);
  }

  /** Parses and checks a target URL. */
  static URI parseTarget(String target) {
    URI uri;
    try {
      uri = new URI(target.strip());
    } catch (URISyntaxException e) {
      throw new UsageException("--target is not a URL: " + target);
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new UsageException(
          "--target must be an http(s) URL like http://127.0.0.1:30000, was " + target);
    }
    return uri;
  }

  /** Throws unless every address of the target's host is a loopback address. */
  static void requireLoopback(URI uri) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new UsageException("--local-only: cannot resolve " + uri.getHost());
    }
    for (InetAddress a : addresses) {
      if (!a.isLoopbackAddress()) {
        throw new UsageException(
            "--local-only: target "
                + uri.getHost()
                + " ("
                + a.getHostAddress()
                + ") is not a loopback address");
      }
    }
  }
}
