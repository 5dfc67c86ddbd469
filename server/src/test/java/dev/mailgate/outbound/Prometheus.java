package dev.mailgate.outbound;

import dev.mailgate.security.apitoken.ApiTokens;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.RunningMailgate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one sample from {@code /actuator/prometheus} as a scraper would. */
final class Prometheus {

  private Prometheus() {}

  /** The value of the first sample of {@code name} (e.g. {@code mailgate_outbox_sent_total}). */
  static double sample(RunningMailgate mailgate, String name) {
    String token = mailgate.bean(ApiTokens.class).issue("prometheus", "test").secret();
    String body = ApiClient.withToken(mailgate.baseUrl(), token).get("/actuator/prometheus").body();
    Matcher sample =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
            .matcher(body);
    if (!sample.find()) {
      throw new AssertionError(name + " is not among the metrics:\n" + body);
    }
    return Double.parseDouble(sample.group(2));
  }
}
