package dev.mailgate.system;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads one of a fixed set of choices from what an admin typed or a client sent, forgiving case and
 * dashes ({@code client-secret-post} is {@code CLIENT_SECRET_POST}), and refusing anything else
 * with the list of valid choices.
 */
public final class EnumInput {

  private EnumInput() {}

  /**
   * @param what the choice as the admin knows it ("account type")
   * @param fallback the value when none is given, or null if one must be given
   */
  public static <E extends Enum<E>> E parse(
      Class<E> type, String field, String value, E fallback, String what) {
    String choices =
        Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    if (value == null || value.isBlank()) {
      if (fallback == null) {
        throw new InvalidInputException(field, "Choose the " + what + ": one of " + choices + ".");
      }
      return fallback;
    }
    String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    throw new InvalidInputException(
        field, "Unknown " + what + " '" + value.strip() + "'; use one of " + choices + ".");
  }
}
