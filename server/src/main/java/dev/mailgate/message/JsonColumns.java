package dev.mailgate.message;

import dev.mailgate.mail.message.HeaderField;
import dev.mailgate.mail.message.MailAddress;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Address lists, header fields and reference lists are kept as JSON text in one column each: they
 * are read with their message and never queried by their parts (the first sender has columns of its
 * own for searching).
 */
@Component
class JsonColumns {

  private static final TypeReference<List<MailAddress>> ADDRESSES = new TypeReference<>() {};
  private static final TypeReference<List<HeaderField>> HEADERS = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JsonMapper json;

  JsonColumns(JsonMapper json) {
    this.json = json;
  }

  String write(List<?> values) {
    return json.writeValueAsString(values);
  }

  List<MailAddress> addresses(String text) {
    return json.readValue(text, ADDRESSES);
  }

  List<HeaderField> headers(String text) {
    return json.readValue(text, HEADERS);
  }

  List<String> strings(String text) {
    return json.readValue(text, STRINGS);
  }
}
