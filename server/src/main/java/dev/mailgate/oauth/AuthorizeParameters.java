package dev.mailgate.oauth;

import dev.mailgate.system.InvalidInputException;
import java.util.Set;

/**
 * The parameters an admin may add to the authorization request: {@code prompt} and extra
 * parameters. Those the flow sets itself cannot be overridden, and {@code prompt} is sent once (a
 * provider may refuse a repeated parameter), so it may stand in one place only.
 */
final class AuthorizeParameters {

  /** The values OpenID Connect defines for {@code prompt} (Core §3.1.2.1, Prompt Create). */
  private static final Set<String> PROMPTS =
      Set.of("none", "login", "consent", "select_account", "create");

  /** Parameters the authorization request sets itself; an extra one would contradict it. */
  private static final Set<String> RESERVED =
      Set.of(
          "response_type",
          "client_id",
          "redirect_uri",
          "scope",
          "state",
          "nonce",
          "code_challenge",
          "code_challenge_method",
          "login_hint");

  private AuthorizeParameters() {}

  static String prompt(String value) {
    String prompt = ProviderRules.trim(value);
    if (prompt == null) {
      return null;
    }
    for (String part : prompt.split("\\s+")) {
      if (!PROMPTS.contains(part)) {
        throw new InvalidInputException(
            "prompt",
            "Unknown prompt value '"
                + part
                + "'; use none, login, consent, select_account or create (several separated by"
                + " spaces), or leave it empty.");
      }
    }
    return prompt;
  }

  static String extra(String value, boolean promptSet) {
    String text = ProviderRules.trim(value);
    if (text == null) {
      return null;
    }
    for (String pair : text.split("&")) {
      String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')).strip() : pair.strip();
      if (key.isEmpty()) {
        throw new InvalidInputException(
            "extraAuthParams",
            "The extra parameters must look like a query string, name=value&name=value;"
                + " '"
                + pair
                + "' has no name.");
      }
      if (RESERVED.contains(key)) {
        throw new InvalidInputException(
            "extraAuthParams",
            "'" + key + "' is set by Mailgate itself; remove it from the extra parameters.");
      }
      if (key.equals("prompt") && promptSet) {
        throw new InvalidInputException(
            "extraAuthParams",
            "prompt is set twice, in the Prompt field and in the extra parameters; keep it in one"
                + " place (a provider may refuse a repeated parameter).");
      }
    }
    return text;
  }
}
