package dev.mailgate.oauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A provider's extra authorization parameters, written as a query string: {@code a=1&b=2}. */
final class ExtraParameters {

  private ExtraParameters() {}

  static Map<String, String> parse(String text) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return parameters;
    }
    for (String pair : text.strip().split("&")) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.put(
          URLDecoder.decode(name.strip(), StandardCharsets.UTF_8),
          URLDecoder.decode(value.strip(), StandardCharsets.UTF_8));
    }
    return parameters;
  }
}
