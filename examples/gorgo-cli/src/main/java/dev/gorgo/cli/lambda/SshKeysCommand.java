package dev.gorgo.cli.lambda;

import dev.gorgo.cli.lambda.CliSupport.ApiLeaf;
import dev.gorgo.cli.lambda.CliSupport.Group;
import dev.gorgo.lambda.LambdaClient;
import dev.gorgo.lambda.SshKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
final class SshKeysCommand extends Group {
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List SSH keys.")
  static final class ListKeys extends ApiLeaf {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    void run(LambdaClient c) throws Exception {
      print(
          c.listSshKeys(),
          json,
          k -> {
            String pk = k.publicKey();
            return new Object[] {
              k.id(), k.name(), pk.length() > 40 ? pk.substring(0, 37) + "..." : pk
            };
          },
          "ID",
          "NAME",
          "PUBLIC KEY");
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Register a public key, or (--generate) have Lambda generate a pair and save the private"
              + " key with permissions 0600.")
  static final class Add extends ApiLeaf {
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
    void check() {
      if ((publicKeyFile == null) == (generate == null)) {
        throw new IllegalArgumentException("give exactly one of --public-key-file or --generate");
      }
    }

    @Override
    void run(LambdaClient c) throws Exception {
      SshKey k;
      if (generate != null) {
        k = c.generateSshKey(name, generate);
        out().println("added " + k.name() + " (" + k.id() + "); private key saved to " + generate);
      } else {
        k = c.addSshKey(name, Files.readString(publicKeyFile));
        out().println("added " + k.name() + " (" + k.id() + ")");
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete SSH keys by ID.")
  static final class Delete extends ApiLeaf {
    @Parameters(arity = "1..*", paramLabel = "ID", description = "Key IDs.")
    List<String> ids;

    @Override
    void run(LambdaClient c) throws Exception {
      for (String id : ids) {
        c.deleteSshKey(id);
        out().println("deleted " + id);
      }
    }
  }
}
