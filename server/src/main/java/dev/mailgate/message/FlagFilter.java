package dev.mailgate.message;

import dev.mailgate.system.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feed's {@code flags} parameter: a comma-separated list of flag names, each alone to ask for
 * messages that have the flag or after {@code !} for those that do not ({@code
 * flags=!autoReply,!bounce} is mail a person wrote). Flags are fixed when a message is stored, so a
 * filtered feed keeps the cursor guarantees of ADR 0007: a message never enters or leaves the
 * filter after a client has read past its position.
 *
 * @param conditions SQL conditions on {@code message} columns, all to hold; empty for no filter
 */
record FlagFilter(List<String> conditions) {

  /** The flag names applications use (those of {@link MessageFlags}) and what each tests. */
  private static final Map<String, String> FLAGS =
      Map.of(
          "autoReply", "auto_reply = true",
          "bounce", "bounce = true",
          "loop", "mail_loop = true",
          "oversize", "oversize = true",
          "parseError", "parse_error is not null");

  static final FlagFilter NONE = new FlagFilter(List.of());

  static FlagFilter parse(String flags) {
    if (flags == null || flags.isBlank()) {
      return NONE;
    }
    Map<String, String> conditions = new LinkedHashMap<>();
    for (String item : flags.split(",")) {
      String name = item.strip();
      boolean without = name.startsWith("!");
      if (without) {
        name = name.substring(1).strip();
      }
      String condition = FLAGS.get(name);
      if (condition == null) {
        throw new InvalidInputException(
            "flags",
            "'"
                + item.strip()
                + "' is not a flag; give a comma-separated list of autoReply, bounce, loop,"
                + " oversize or parseError, each after ! to exclude it (flags=!autoReply,!bounce).");
      }
      String test = without ? "not (" + condition + ")" : condition;
      String earlier = conditions.put(name, test);
      if (earlier != null && !earlier.equals(test)) {
        throw new InvalidInputException(
            "flags", "The flag " + name + " is asked for both with and without '!'; give it once.");
      }
    }
    return new FlagFilter(List.copyOf(conditions.values()));
  }
}
