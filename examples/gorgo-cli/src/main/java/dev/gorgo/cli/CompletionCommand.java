package dev.gorgo.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gorgo completion}: prints a bash/zsh completion script generated from the commands. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a bash completion script for gorgo (works in zsh with bashcompinit).",
      "The script is generated from the command definitions, so it always matches this version."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(./gorgo completion)                 # this shell only",
      "  ./gorgo completion > ~/.gorgo-completion.bash  # then source it from ~/.bashrc",
      "  # the script completes the command name 'gorgo': put a 'gorgo' wrapper on your PATH"
    })
public final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("gorgo", spec.root().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
