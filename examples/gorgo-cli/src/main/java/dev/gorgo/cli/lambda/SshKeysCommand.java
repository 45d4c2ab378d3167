package dev.gorgo.cli.lambda;

import dev.gorgo.cli.lambda.CliSupport.ApiOptions;
import dev.gorgo.cli.lambda.CliSupport.Leaf;
import dev.gorgo.cli.lambda.CliSupport.Table;
import dev.gorgo.lambda.LambdaClient;
import dev.gorgo.lambda.SshKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gorgo lambda ssh-keys list|add|delete}. */
@Command(
    name = "ssh-keys",
    mixinStandardHelpOptions = true,
    description = "List, add or delete the account's SSH keys.",
    subcommands = {
      SshKeysCommand.ListKeys.class,
      SshKeysCommand.Add.class,
      SshKeysCommand.Delete.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  gorgo lambda ssh-keys add laptop --public-key-file ~/.ssh/id_ed25519.pub",
      "  gorgo lambda ssh-keys add gorgo-demo --generate ~/.config/gorgo/keys/gorgo-demo.pem",
      "  gorgo lambda ssh-keys delete ddf9a910ceb744a0bb95242cbba6cb50"
    })
final class SshKeysCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return CliSupport.USAGE;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List SSH keys.")
  static final class ListKeys extends Leaf {
    @Mixin ApiOptions api;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    int run() throws Exception {
      try (LambdaClient c = api.client()) {
        List<SshKey> keys = c.listSshKeys();
        if (json) {
          json(keys);
          return CliSupport.OK;
        }
        Table t = new Table("ID", "NAME", "PUBLIC KEY");
        for (SshKey k : keys) {
          String pk = k.publicKey();
          t.row(k.id(), k.name(), pk.length() > 40 ? pk.substring(0, 37) + "..." : pk);
        }
        t.print(out());
      }
      return CliSupport.OK;
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Register a public key, or (--generate) have Lambda generate a pair and save the private"
              + " key with permissions 0600.")
  static final class Add extends Leaf {
    @Mixin ApiOptions api;

    @Parameters(paramLabel = "NAME", description = "Key name (1 to 64 characters).")
    String name;

    @Option(names = "--public-key-file", paramLabel = "FILE", description = "OpenSSH public key.")
    Path publicKeyFile;

    @Option(
        names = "--generate",
        paramLabel = "PRIVATE_KEY_FILE",
        description = "Generate a pair; save the private key here (must not exist).")
    Path generate;

    @Override
    int run() throws Exception {
      if ((publicKeyFile == null) == (generate == null)) {
        throw new IllegalArgumentException("give exactly one of --public-key-file or --generate");
      }
      try (LambdaClient c = api.client()) {
        SshKey k;
        if (generate != null) {
          k = c.generateSshKey(name, generate);
          out()
              .println("added " + k.name() + " (" + k.id() + "); private key saved to " + generate);
        } else {
          k = c.addSshKey(name, Files.readString(publicKeyFile));
          out().println("added " + k.name() + " (" + k.id() + ")");
        }
      }
      return CliSupport.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete SSH keys by ID.")
  static final class Delete extends Leaf {
    @Mixin ApiOptions api;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "Key IDs.")
    List<String> ids;

    @Override
    int run() throws Exception {
      try (LambdaClient c = api.client()) {
        for (String id : ids) {
          c.deleteSshKey(id);
          out().println("deleted " + id);
        }
      }
      return CliSupport.OK;
    }
  }
}
