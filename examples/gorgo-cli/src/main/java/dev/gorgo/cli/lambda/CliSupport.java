package dev.gorgo.cli.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gorgo.lambda.ApiKey;
import dev.gorgo.lambda.LambdaClient;
import dev.gorgo.lambda.LambdaException;
import dev.gorgo.lambda.cluster.ClusterException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shared plumbing of the {@code lambda} and {@code cluster} commands: options, output, errors. */
final class CliSupport {
  /** Success. */
  static final int OK = 0;

  /** An API call or remote command failed. */
  static final int FAILED = 1;

  /** Bad usage (picocli's own code for unknown or invalid options). */
  static final int USAGE = 2;

  /** No API key, or the API rejected it / the account is inactive. */
  static final int AUTH = 3;

  /** No capacity or quota for the request. */
  static final int CAPACITY = 4;

  /** The instance, key, file system, ruleset or cluster does not exist. */
  static final int NOT_FOUND = 5;

  /** A cluster command failed on a node (SSH or a remote command). */
  static final int REMOTE = 6;

  static final String EXIT_CODES =
      "%nExit codes:%n  0 success%n  1 API or I/O failure%n  2 bad usage%n  3 no API key, key"
          + " rejected or account inactive%n  4 insufficient capacity or quota exceeded%n  5 not"
          + " found%n  6 a remote command or SSH failed on a node%n";

  static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private CliSupport() {}

  /** Options for reaching the API. */
  static final class ApiOptions {
    @Option(
        names = "--api-url",
        paramLabel = "URL",
        description = "Lambda Cloud API root (default: ${DEFAULT-VALUE}).",
        defaultValue = "https://cloud.lambda.ai/")
    URI apiUrl;

    @Option(
        names = "--api-key-file",
        paramLabel = "FILE",
        description =
            "Read the API key from FILE instead of the LAMBDA_API_KEY environment variable"
                + " (or the file named by LAMBDA_API_KEY_FILE).")
    Path apiKeyFile;

    Optional<ApiKey> key() throws IOException {
      return apiKeyFile != null
          ? Optional.of(ApiKey.fromFile(apiKeyFile))
          : ApiKey.fromEnvironment();
    }

    LambdaClient client() throws IOException {
      ApiKey key =
          key()
              .orElseThrow(
                  () ->
                      new MissingKey(
                          "no API key: set LAMBDA_API_KEY or pass --api-key-file (create a key at"
                              + " https://cloud.lambda.ai/api-keys)"));
      return LambdaClient.builder(key).baseUrl(apiUrl).build();
    }
  }

  /** A command that only groups subcommands: run bare, it prints its usage. */
  abstract static class Group implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public final Integer call() {
      spec.commandLine().usage(spec.commandLine().getOut());
      return USAGE;
    }
  }

  /** Raised when no API key is configured. */
  static final class MissingKey extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingKey(String message) {
      super(message);
    }
  }

  /** Base of every leaf command: runs {@link #run()} and turns failures into one line + code. */
  abstract static class Leaf implements Callable<Integer> {
    @Spec CommandSpec spec;

    abstract int run() throws Exception;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    void json(Object value) {
      try {
        out().println(JSON.writeValueAsString(value));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out().flush();
    }

    /**
     * Prints {@code items} as one JSON array, or as a table with {@code header} and one row per
     * item made by {@code row}.
     */
    <T> void print(
        List<T> items, boolean asJson, Function<? super T, Object[]> row, String... header) {
      if (asJson) {
        json(items);
        return;
      }
      Table t = new Table(header);
      for (T item : items) {
        t.row(row.apply(item));
      }
      t.print(out());
    }

    @Override
    public final Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try {
        int code = run();
        out().flush();
        return code;
      } catch (MissingKey e) {
        return fail(err, e.getMessage(), AUTH);
      } catch (LambdaException e) {
        return fail(err, e.getMessage(), exitCode(e));
      } catch (ClusterException e) {
        int code = e.getMessage().startsWith("no cluster ") ? NOT_FOUND : REMOTE;
        if (e.getMessage().startsWith("not enough capacity")) {
          code = CAPACITY;
        } else if (e.getMessage().startsWith("unknown instance type")) {
          code = USAGE;
        }
        return fail(err, e.getMessage(), code);
      } catch (IllegalArgumentException e) {
        return fail(err, e.getMessage(), USAGE);
      } catch (IOException | UncheckedIOException e) {
        return fail(err, e.getClass().getSimpleName() + ": " + e.getMessage(), FAILED);
      } catch (Exception e) {
        return fail(err, e.toString(), FAILED);
      }
    }

    private static int fail(PrintWriter err, String message, int code) {
      err.println("error: " + message);
      err.flush();
      return code;
    }
  }

  /**
   * A leaf that makes API calls: one client per run, closed when {@link #run(LambdaClient)} ends.
   */
  abstract static class ApiLeaf extends Leaf {
    @Mixin ApiOptions api;

    /** Checks the arguments before any key is looked up; throws IllegalArgumentException. */
    void check() {}

    abstract void run(LambdaClient c) throws Exception;

    @Override
    final int run() throws Exception {
      check();
      try (LambdaClient c = api.client()) {
        run(c);
      }
      return OK;
    }
  }

  static int exitCode(LambdaException e) {
    if (e instanceof LambdaException.Unauthorized || e instanceof LambdaException.AccountInactive) {
      return AUTH;
    }
    if (e instanceof LambdaException.InsufficientCapacity
        || e instanceof LambdaException.QuotaExceeded) {
      return CAPACITY;
    }
    if (e instanceof LambdaException.NotFound) {
      return NOT_FOUND;
    }
    if (e instanceof LambdaException.InvalidParameters) {
      return USAGE;
    }
    return FAILED;
  }

  /** A plain-text table with left-aligned columns separated by two spaces. */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
      rows.add(header);
    }

    Table row(Object... cells) {
      String[] r = new String[cells.length];
      for (int i = 0; i < cells.length; i++) {
        r[i] = cells[i] == null ? "-" : String.valueOf(cells[i]);
      }
      rows.add(r);
      return this;
    }

    void print(PrintWriter out) {
      int cols = rows.get(0).length;
      int[] w = new int[cols];
      for (String[] r : rows) {
        for (int i = 0; i < cols; i++) {
          w[i] = Math.max(w[i], r[i].length());
        }
      }
      for (String[] r : rows) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cols; i++) {
          sb.append(i == cols - 1 ? r[i] : String.format("%-" + w[i] + "s  ", r[i]));
        }
        out.println(sb.toString().stripTrailing());
      }
      out.flush();
    }
  }

  static String dollars(int cents) {
    return String.format("$%d.%02d", cents / 100, cents % 100);
  }
}
