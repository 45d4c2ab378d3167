package dev.gorgo.cli.lambda;

import dev.gorgo.cli.lambda.CliSupport.ApiOptions;
import dev.gorgo.cli.lambda.CliSupport.Leaf;
import dev.gorgo.cli.lambda.CliSupport.Table;
import dev.gorgo.lambda.Filesystem;
import dev.gorgo.lambda.LambdaClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gorgo lambda filesystems list|create|delete}. */
@Command(
    name = "filesystems",
    mixinStandardHelpOptions = true,
    description = "List, create or delete persistent file systems.",
    subcommands = {
      FilesystemsCommand.ListFs.class,
      FilesystemsCommand.Create.class,
      FilesystemsCommand.Delete.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  gorgo lambda filesystems create models --region us-east-1",
      "  gorgo lambda filesystems delete 398578a2336b49079e74043f0bd2cfe8"
    })
final class FilesystemsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return CliSupport.USAGE;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List file systems.")
  static final class ListFs extends Leaf {
    @Mixin ApiOptions api;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    int run() throws Exception {
      try (LambdaClient c = api.client()) {
        List<Filesystem> all = c.listFilesystems();
        if (json) {
          json(all);
          return CliSupport.OK;
        }
        Table t = new Table("ID", "NAME", "REGION", "IN USE", "BYTES USED", "MOUNT POINT");
        for (Filesystem f : all) {
          t.row(
              f.id(),
              f.name(),
              f.region() == null ? null : f.region().name(),
              f.isInUse(),
              f.bytesUsed(),
              f.mountPoint());
        }
        t.print(out());
      }
      return CliSupport.OK;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a file system.")
  static final class Create extends Leaf {
    @Mixin ApiOptions api;

    @Parameters(
        paramLabel = "NAME",
        description = "Name: letters first, then letters, digits, '-'.")
    String name;

    @Option(names = "--region", required = true, description = "Region, e.g. us-east-1.")
    String region;

    @Override
    int run() throws Exception {
      try (LambdaClient c = api.client()) {
        Filesystem f = c.createFilesystem(name, region);
        out().println("created " + f.name() + " (" + f.id() + ") mounted at " + f.mountPoint());
      }
      return CliSupport.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a file system.")
  static final class Delete extends Leaf {
    @Mixin ApiOptions api;

    @Parameters(paramLabel = "ID", description = "File system ID.")
    String id;

    @Override
    int run() throws Exception {
      try (LambdaClient c = api.client()) {
        c.deleteFilesystem(id).forEach(d -> out().println("deleted " + d));
      }
      return CliSupport.OK;
    }
  }
}
