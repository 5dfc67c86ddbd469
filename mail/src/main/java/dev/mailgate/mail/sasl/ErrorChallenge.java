package dev.mailgate.mail.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON a server sends as a challenge when it refuses a bearer token (RFC 7628 §3.2.2; Gmail and
 * Microsoft send the same for XOAUTH2): {@code status} (e.g. {@code invalid_token}, or an HTTP code
 * such as {@code 401}), the {@code scope} a token needs, and {@code openid-configuration} or {@code
 * schemes}. Absent members are null; {@link #json} is the text as sent.
 */
public record ErrorChallenge(
    String json, String status, String scope, String schemes, String openidConfiguration) {

  /** Jackson, which the module has for Graph; text after the object makes it no challenge. */
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /** The challenge inside a base64 continuation; empty when it is not base64 JSON. */
  public static Optional<ErrorChallenge> decode(String base64) {
    if (base64 == null || base64.isBlank()) {
      return Optional.empty();
    }
    String text;
    try {
      text = new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8).strip();
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    return flatMembers(text)
        .map(
            members ->
                new ErrorChallenge(
                    text,
                    members.get("status"),
                    members.get("scope"),
                    members.get("schemes"),
                    members.get("openid-configuration")));
  }

  /** E.g. "status invalid_token, scope smtp": what the server said, for the explanation. */
  public String summary() {
    StringBuilder text = new StringBuilder();
    append(text, "status", status);
    append(text, "scope", scope);
    append(text, "schemes", schemes);
    append(text, "openid-configuration", openidConfiguration);
    return text.isEmpty() ? json : text.toString();
  }

  private static void append(StringBuilder text, String name, String value) {
    if (value != null) {
      text.append(text.isEmpty() ? "" : ", ").append(name).append(' ').append(value);
    }
  }

  /** The members of a flat JSON object (strings, numbers, booleans or null), or empty. */
  private static Optional<Map<String, String>> flatMembers(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException malformed) {
      return Optional.empty();
    }
    if (root == null || !root.isObject()) {
      return Optional.empty();
    }
    Map<String, String> members = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> member : root.properties()) {
      JsonNode value = member.getValue();
      if (value.isContainer()) {
        return Optional.empty();
      }
      members.put(member.getKey(), value.isNull() ? null : value.asString());
    }
    return Optional.of(members);
  }
}
