package dev.gorgo.cli.lambda;

import dev.gorgo.cli.lambda.CliSupport.ApiLeaf;
import dev.gorgo.cli.lambda.CliSupport.Group;
import dev.gorgo.cli.lambda.CliSupport.Leaf;
import dev.gorgo.lambda.Image;
import dev.gorgo.lambda.Instance;
import dev.gorgo.lambda.InstanceTypeAvailability;
import dev.gorgo.lambda.LambdaClient;
import dev.gorgo.lambda.LaunchRequest;
import dev.gorgo.lambda.Region;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gorgo lambda ...}: the Lambda Cloud API from the command line. */
@Command(
    name = "lambda",
    mixinStandardHelpOptions = true,
    description = "Manage Lambda Cloud GPU instances, SSH keys, file systems and the firewall.",
    subcommands = {
      LambdaCommand.Available.class,
      LambdaCommand.Types.class,
      LambdaCommand.Launch.class,
      LambdaCommand.ListInstances.class,
      LambdaCommand.Get.class,
      LambdaCommand.Rename.class,
      LambdaCommand.Restart.class,
      LambdaCommand.Terminate.class,
      SshKeysCommand.class,
      FilesystemsCommand.class,
      LambdaCommand.Images.class,
      FirewallCommand.class,
      LambdaCommand.AuditEvents.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  export LAMBDA_API_KEY=...        # or --api-key-file ~/.lambda-key",
      "  gorgo lambda available",
      "  gorgo lambda launch --type gpu_1x_a10 --region us-east-1 --ssh-key my-key --name test",
      "  gorgo lambda list --json",
      "  gorgo lambda terminate 0920582c7ff041399e34823a0be62549 --yes",
      CliSupport.EXIT_CODES
    })
public final class LambdaCommand extends Group {
  static void printTypes(Leaf leaf, Map<String, InstanceTypeAvailability> types, boolean json) {
    if (json) {
      leaf.json(types);
      return;
    }
    leaf.print(
        List.copyOf(types.entrySet()),
        false,
        e -> {
          InstanceTypeAvailability a = e.getValue();
          return new Object[] {
            e.getKey(),
            a.instanceType().specs() == null ? null : a.instanceType().specs().gpus(),
            a.instanceType().gpuDescription(),
            CliSupport.dollars(a.instanceType().priceCentsPerHour()),
            a.regionsWithCapacityAvailable().isEmpty()
                ? "-"
                : a.regionsWithCapacityAvailable().stream()
                    .map(Region::name)
                    .collect(Collectors.joining(","))
          };
        },
        "TYPE",
        "GPUS",
        "GPU",
        "PRICE/H",
        "REGIONS WITH CAPACITY");
  }

  static void printInstances(Leaf leaf, List<Instance> list, boolean json) {
    leaf.print(
        list,
        json,
        i ->
            new Object[] {
              i.id(),
              i.name(),
              i.status().wireName(),
              i.ip(),
              i.region() == null ? null : i.region().name(),
              i.instanceType() == null ? null : i.instanceType().name()
            },
        "ID",
        "NAME",
        "STATUS",
        "IP",
        "REGION",
        "TYPE");
  }

  @Command(
      name = "available",
      mixinStandardHelpOptions = true,
      description = "Instance types that have capacity now, and where.")
  static final class Available extends ApiLeaf {
    @Option(names = "--region", description = "Only types with capacity in this region.")
    String region;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    void run(LambdaClient c) throws Exception {
      Map<String, InstanceTypeAvailability> types = new TreeMap<>(c.instanceTypes());
      types.values().removeIf(a -> a.regionsWithCapacityAvailable().isEmpty());
      if (region != null) {
        types.values().removeIf(a -> !a.hasCapacityIn(region));
      }
      printTypes(this, types, json);
    }
  }

  @Command(
      name = "types",
      mixinStandardHelpOptions = true,
      description = "All instance types with price, GPUs and regions with capacity.")
  static final class Types extends ApiLeaf {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    void run(LambdaClient c) throws Exception {
      printTypes(this, c.instanceTypes(), json);
    }
  }

  @Command(
      name = "launch",
      mixinStandardHelpOptions = true,
      description = "Launch one instance (the API allows one launch per 12 s).")
  static final class Launch extends ApiLeaf {
    @Option(names = "--type", required = true, description = "Instance type, e.g. gpu_1x_a10.")
    String type;

    @Option(names = "--region", required = true, description = "Region, e.g. us-east-1.")
    String region;

    @Option(names = "--ssh-key", required = true, description = "Name of a registered SSH key.")
    String sshKey;

    @Option(names = "--name", description = "Instance name (at most 64 characters).")
    String name;

    @Option(names = "--filesystem", description = "File system to attach (same region).")
    List<String> filesystems;

    @Option(names = "--image-family", description = "Boot image family, e.g. lambda-stack-24-04.")
    String imageFamily;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    /** Built by {@link #check()} from the options, so bad options fail before the key is read. */
    private LaunchRequest req;

    @Override
    void check() {
      req = LaunchRequest.of(region, type, sshKey);
      if (name != null) {
        req = req.withName(name);
      }
      if (filesystems != null) {
        req = req.withFileSystems(filesystems);
      }
      if (imageFamily != null) {
        req = req.withImage(Image.Spec.ofFamily(imageFamily));
      }
    }

    @Override
    void run(LambdaClient c) throws Exception {
      List<String> ids = c.launch(req);
      if (json) {
        json(Map.of("instance_ids", ids));
      } else {
        ids.forEach(id -> out().println("launched " + id));
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List instances.")
  static final class ListInstances extends ApiLeaf {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    void run(LambdaClient c) throws Exception {
      printInstances(this, c.listInstances(), json);
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one instance.")
  static final class Get extends ApiLeaf {
    @Parameters(paramLabel = "ID", description = "Instance ID.")
    String id;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    void run(LambdaClient c) throws Exception {
      Instance i = c.getInstance(id);
      if (json) {
        json(i);
      } else {
        printInstances(this, List.of(i), false);
      }
    }
  }

  @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename an instance.")
  static final class Rename extends ApiLeaf {
    @Parameters(index = "0", paramLabel = "ID", description = "Instance ID.")
    String id;

    @Parameters(index = "1", paramLabel = "NAME", description = "New name (at most 64 chars).")
    String name;

    @Override
    void run(LambdaClient c) throws Exception {
      Instance i = c.renameInstance(id, name);
      out().println("renamed " + i.id() + " to " + i.name());
    }
  }

  @Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart instances.")
  static final class Restart extends ApiLeaf {
    @Parameters(arity = "1..*", paramLabel = "ID", description = "Instance IDs.")
    List<String> ids;

    @Override
    void run(LambdaClient c) throws Exception {
      c.restart(ids).forEach(i -> out().println("restarting " + i.id()));
    }
  }

  @Command(
      name = "terminate",
      mixinStandardHelpOptions = true,
      description = "Terminate instances (irreversible; needs --yes).")
  static final class Terminate extends ApiLeaf {
    @Parameters(arity = "1..*", paramLabel = "ID", description = "Instance IDs.")
    List<String> ids;

    @Option(names = "--yes", description = "Confirm termination.")
    boolean yes;

    @Override
    void check() {
      if (!yes) {
        throw new IllegalArgumentException(
            "terminating " + ids.size() + " instance(s) deletes their disks; add --yes to confirm");
      }
    }

    @Override
    void run(LambdaClient c) throws Exception {
      c.terminate(ids).forEach(i -> out().println("terminating " + i.id()));
    }
  }

  @Command(name = "images", mixinStandardHelpOptions = true, description = "List machine images.")
  static final class Images extends ApiLeaf {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    void run(LambdaClient c) throws Exception {
      print(
          c.listImages(),
          json,
          i ->
              new Object[] {
                i.id(),
                i.family(),
                i.version(),
                i.architecture(),
                i.region() == null ? null : i.region().name()
              },
          "ID",
          "FAMILY",
          "VERSION",
          "ARCH",
          "REGION");
    }
  }

  @Command(
      name = "audit-events",
      mixinStandardHelpOptions = true,
      description = "Audit log entries, following page tokens.")
  static final class AuditEvents extends ApiLeaf {
    @Option(
        names = "--since",
        description = "Inclusive start, ISO 8601 (e.g. 2025-09-01T00:00:00Z).")
    Instant since;

    @Option(names = "--until", description = "Inclusive end, ISO 8601.")
    Instant until;

    @Option(names = "--resource-type", description = "Filter, e.g. cloud.api_key.")
    String resourceType;

    @Option(names = "--max-pages", defaultValue = "10", description = "Page limit (default 10).")
    int maxPages;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    void run(LambdaClient c) throws Exception {
      print(
          c.allAuditEvents(since, until, resourceType, maxPages),
          json,
          e ->
              new Object[] {
                e.eventTime(), e.serviceName(), e.resourceName(), e.action(), e.actorLrn()
              },
          "TIME",
          "SERVICE",
          "RESOURCE",
          "ACTION",
          "ACTOR");
    }
  }
}
