package dev.mailgate.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every verb has: the API, the output in the chosen format, and query building. */
abstract class Verb implements Callable<Integer> {

  @Spec CommandSpec spec;

  MailgateCli root() {
    return (MailgateCli) spec.root().userObject();
  }

  RestApi api() {
    return root().api();
  }

  Output output() {
    return root().output(spec.commandLine().getOut());
  }

  /** {@code ?a=1&b=2} of the values that are set; empty when none is. */
  static String query(String... namesAndValues) {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      String value = namesAndValues[i + 1];
      if (value != null && !value.isBlank()) {
        query.append(query.isEmpty() ? '?' : '&').append(namesAndValues[i]).append('=');
        query.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    return query.toString();
  }
}
