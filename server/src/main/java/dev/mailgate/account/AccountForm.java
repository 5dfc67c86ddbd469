package dev.mailgate.account;

import java.util.HashMap;
import java.util.Map;

/**
 * The account form of the UI as field name to text, both ways: what the browser posted, read as the
 * same {@link AccountInput} the REST API takes, and a stored account to fill the form with. The
 * password never goes back into a form.
 */
final class AccountForm {

  private AccountForm() {}

  /** A browser leaves an unticked checkbox out of the form: absent means false. */
  static AccountInput input(Map<String, String> form) {
    return new AccountInput(
        form.get("name"),
        form.get("type"),
        form.get("address"),
        form.get("loginUser"),
        form.get("host"),
        form.get("port"),
        form.get("security"),
        form.get("authMethod"),
        form.get("password"),
        form.get("profileId"),
        form.get("expectedIdentity"),
        form.containsKey("active"),
        form.containsKey("defaultOutbound"),
        form.get("saslMechanism"));
  }

  static Map<String, String> echo(Map<String, String> form) {
    Map<String, String> values = new HashMap<>(form);
    values.remove("password");
    values.remove("_csrf");
    return values;
  }

  /** A new account: active, OAuth 2.0, IMAP over SSL/TLS. */
  static Map<String, String> blank() {
    return new HashMap<>(
        Map.of(
            "active",
            "on",
            "authMethod",
            "OAUTH2",
            "type",
            "IMAP",
            "security",
            "SSL_TLS",
            "saslMechanism",
            "AUTO"));
  }

  static Map<String, String> of(EmailAccount a) {
    Map<String, String> values = new HashMap<>();
    values.put("name", a.name());
    values.put("type", a.type().name());
    values.put("address", a.address());
    values.put("loginUser", a.loginUser());
    boolean graph = a.type() == EmailAccount.AccountType.GRAPH;
    // a Graph account's host and port are the deployment's Graph root, not entered
    values.put("host", graph ? "" : a.host());
    values.put("port", graph ? "" : String.valueOf(a.port()));
    values.put("security", a.security().name());
    values.put("authMethod", a.authMethod().name());
    values.put("profileId", a.profileId() == null ? "" : a.profileId().toString());
    values.put("expectedIdentity", a.expectedIdentity());
    values.put("saslMechanism", a.saslMechanism().name());
    if (a.active()) {
      values.put("active", "on");
    }
    if (a.defaultOutbound()) {
      values.put("defaultOutbound", "on");
    }
    return values;
  }
}
