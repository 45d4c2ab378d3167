package dev.gorgo.cli.lambda;

import dev.gorgo.cli.lambda.CliSupport.ApiLeaf;
import dev.gorgo.cli.lambda.CliSupport.Group;
import dev.gorgo.lambda.Filesystem;
import dev.gorgo.lambda.LambdaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
final class FilesystemsCommand extends Group {
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List file systems.")
  static final class ListFs extends ApiLeaf {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    void run(LambdaClient c) throws Exception {
      print(
          c.listFilesystems(),
          json,
          f ->
              new Object[] {
                f.id(),
                f.name(),
                f.region() == null ? null : f.region().name(),
                f.isInUse(),
                f.bytesUsed(),
                f.mountPoint()
              },
          "ID",
          "NAME",
          "REGION",
          "IN USE",
          "BYTES USED",
          "MOUNT POINT");
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a file system.")
  static final class Create extends ApiLeaf {
    @Parameters(
        paramLabel = "NAME",
        description = "Name: letters first, then letters, digits, '-'.")
    String name;

    @Option(names = "--region", required = true, description = "Region, e.g. us-east-1.")
    String region;

    @Override
    void run(LambdaClient c) throws Exception {
      Filesystem f = c.createFilesystem(name, region);
      out().println("created " + f.name() + " (" + f.id() + ") mounted at " + f.mountPoint());
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a file system.")
  static final class Delete extends ApiLeaf {
    @Parameters(paramLabel = "ID", description = "File system ID.")
    String id;

    @Override
    void run(LambdaClient c) throws Exception {
      c.deleteFilesystem(id).forEach(d -> out().println("deleted " + d));
    }
  }
}
