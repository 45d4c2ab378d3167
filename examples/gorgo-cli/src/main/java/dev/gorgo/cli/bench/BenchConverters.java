package dev.gorgo.cli.bench;

import dev.gorgo.cli.bench.BenchReports.Output;
import dev.gorgo.cli.bench.StreamingClient.RequestType;

/** Option converters and completion candidates of {@code gorgo bench}'s enumerated options. */
final class BenchConverters {
  private BenchConverters() {}

  static final class ProfileConverter extends EnumConverter<Profile> {
    ProfileConverter() {
      super(Profile.class);
    }
  }

  static final class RequestTypeConverter extends EnumConverter<RequestType> {
    RequestTypeConverter() {
      super(RequestType.class);
    }
  }

  static final class FormatConverter extends EnumConverter<Workloads.Format> {
    FormatConverter() {
      super(Workloads.Format.class);
    }
  }

  static final class OutputConverter extends EnumConverter<Output> {
    OutputConverter() {
      super(Output.class);
    }
  }

  static final class ProfileNames extends EnumConverter.Names {
    ProfileNames() {
      super(Profile.class);
    }
  }

  static final class RequestTypeNames extends EnumConverter.Names {
    RequestTypeNames() {
      super(RequestType.class);
    }
  }

  static final class FormatNames extends EnumConverter.Names {
    FormatNames() {
      super(Workloads.Format.class);
    }
  }

  static final class OutputNames extends EnumConverter.Names {
    OutputNames() {
      super(Output.class);
    }
  }
}
