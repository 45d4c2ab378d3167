package dev.gorgo.cli;

import dev.gorgo.cli.bench.BenchCommand;
import dev.gorgo.cli.demo.DemoCommand;
import dev.gorgo.cli.emulate.EmulateCommand;
import dev.gorgo.cli.lambda.ClusterCommand;
import dev.gorgo.cli.lambda.LambdaCommand;
import dev.gorgo.cli.proxy.ProxyCommand;
import dev.gorgo.cli.simulate.SimulateCommand;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code gorgo} command: the entry point of the runnable jar.
 *
 * <p>Error handling is uniform across subcommands: a parse error (unknown option, bad value) prints
 * one line and exits {@link ExitCodes#USAGE}; a {@link UsageException} thrown while running (bad
 * input file, refused target) also exits {@link ExitCodes#USAGE}; any other exception prints one
 * line and exits {@link ExitCodes#FAILURE}. Stack traces appear only with {@code GORGO_DEBUG=1} in
 * the environment, so a user sees what went wrong, not where in the code.
 */
@Command(
    name = "gorgo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    subcommandsRepeatable = false,
    description = {
      "GORGO routes LLM requests across replicas in several regions by estimated time to first"
          + " token: network round trip + prefill of the uncached prompt + queued work.",
      ""
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./gorgo demo                        # policies compared on an emulated cluster",
      "  ./gorgo emulate                     # emulated replicas in three regions",
      "  ./gorgo proxy --config proxy.yaml   # the routing proxy",
      "  ./gorgo bench --target http://127.0.0.1:30000 --rate 4 --max-seconds 30",
      "  ./gorgo simulate --topology paper-v2  # policies compared in virtual time",
      "  source <(./gorgo completion)        # tab completion in this shell",
      "  ./gorgo <command> --help            # options and examples of one command",
      "",
      "Set GORGO_DEBUG=1 to print stack traces with errors."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "  0:success",
      "  1:runtime failure (a server did not start, a target failed, an I/O error)",
      "  2:usage error (bad option or value, unreadable or malformed input, refused target)",
      "  3:bench: more requests failed than --max-error-rate allows; lambda, cluster: no API"
          + " key, or the key was rejected",
      "  4:lambda, cluster: no capacity or quota",
      "  5:lambda, cluster: not found",
      "  6:cluster: a remote command or SSH failed on a node",
      "130:interrupted (Ctrl-C)"
    },
    subcommands = {
      DemoCommand.class,
      ProxyCommand.class,
      EmulateCommand.class,
      BenchCommand.class,
      SimulateCommand.class,
      LambdaCommand.class,
      ClusterCommand.class,
      CompletionCommand.class
    })
public final class GorgoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line without exiting the JVM (tests use this).
   *
   * @param args the command-line arguments
   * @return the exit code, one of {@link ExitCodes}
   */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured picocli command line, with the error handlers described above. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new GorgoCommand());
    cl.setExitCodeExceptionMapper(GorgoCommand::exitCodeOf);
    cl.setParameterExceptionHandler(GorgoCommand::onParameterError);
    cl.setExecutionExceptionHandler(GorgoCommand::onExecutionError);
    cl.setUsageHelpAutoWidth(true);
    return cl;
  }

  @Override
  public Integer call() {
    // `gorgo` alone: show what there is, but as a usage error so scripts notice.
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  private static int exitCodeOf(Throwable t) {
    if (t instanceof ParameterException || t instanceof UsageException) {
      return ExitCodes.USAGE;
    }
    if (t instanceof InterruptedException) {
      return ExitCodes.INTERRUPTED;
    }
    return ExitCodes.FAILURE;
  }

  private static int onParameterError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(
        qualifiedName(cmd) + ": " + e.getMessage() + " (see '" + qualifiedName(cmd) + " --help')");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static int onExecutionError(Exception e, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    err.println(qualifiedName(cmd) + ": error: " + oneLine(e));
    if ("1".equals(System.getenv("GORGO_DEBUG"))) {
      e.printStackTrace(err);
    }
    err.flush();
    return exitCodeOf(e);
  }

  /** The message of an exception as one line, naming the type when the message says nothing. */
  static String oneLine(Throwable e) {
    Throwable t = e;
    if (t instanceof UncheckedIOException u && u.getCause() != null) {
      t = u.getCause();
    }
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      message = t.getClass().getSimpleName();
      if (t.getCause() != null && t.getCause().getMessage() != null) {
        message += ": " + t.getCause().getMessage();
      }
    }
    return message.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  private static String qualifiedName(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName(" ");
  }
}
