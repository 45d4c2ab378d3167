package dev.gorgo.cli.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts lower-case option values to enum constants, listing the valid ones on error. */
public class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
  private final Class<E> type;

  /** For enum {@code type}. */
  public EnumConverter(Class<E> type) {
    this.type = type;
  }

  /** The option value of a constant: lower case, dashes for underscores. */
  public static String name(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Completion candidates: the lower-case names of an enum's constants. */
  public static class Names implements Iterable<String> {
    private final java.util.List<String> names;

    /** For enum {@code type}. */
    public Names(Class<? extends Enum<?>> type) {
      this.names = Arrays.stream(type.getEnumConstants()).map(EnumConverter::name).toList();
    }

    @Override
    public java.util.Iterator<String> iterator() {
      return names.iterator();
    }
  }

  @Override
  public E convert(String value) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not one of "
              + Arrays.stream(type.getEnumConstants())
                  .map(EnumConverter::name)
                  .collect(Collectors.joining(", ")));
    }
  }
}
