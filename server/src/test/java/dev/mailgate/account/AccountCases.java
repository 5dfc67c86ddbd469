package dev.mailgate.account;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Every way to get an account wrong, with the field the refusal names and what it says: the same
 * cases run against the REST API and the UI form, because both must refuse alike.
 */
final class AccountCases {

  /** An account that already exists when the cases run. */
  static final String TAKEN = "Taken account";

  private AccountCases() {}

  /**
   * @param change fields to set over a valid Basic IMAP account; a null value removes the field
   */
  record Case(String what, Map<String, Object> change, String field, String message) {

    Map<String, Object> fields() {
      Map<String, Object> fields = valid();
      change.forEach(
          (name, value) -> {
            if (value == null) {
              fields.remove(name);
            } else {
              fields.put(name, value);
            }
          });
      return fields;
    }

    /** As a browser posts them: a ticked checkbox is "on", an unticked one is absent. */
    Map<String, String> form() {
      Map<String, String> form = new HashMap<>();
      fields()
          .forEach(
              (name, value) -> {
                if (value instanceof Boolean ticked) {
                  if (ticked) {
                    form.put(name, "on");
                  }
                } else {
                  form.put(name, String.valueOf(value));
                }
              });
      return form;
    }

    @Override
    public String toString() {
      return what;
    }
  }

  static Map<String, Object> valid() {
    Map<String, Object> fields = new HashMap<>();
    fields.put("name", "Account " + UUID.randomUUID());
    fields.put("type", "IMAP");
    fields.put("address", "servicedesk@mailgate.test");
    fields.put("host", "imap.example.test");
    fields.put("security", "SSL_TLS");
    fields.put("authMethod", "BASIC");
    fields.put("password", "pa55word");
    fields.put("active", true);
    return fields;
  }

  private static Map<String, Object> oauth(String profileId, Object... more) {
    Map<String, Object> change = new HashMap<>();
    change.put("authMethod", "OAUTH2");
    change.put("password", "");
    change.put("profileId", profileId);
    for (int i = 0; i < more.length; i += 2) {
      change.put((String) more[i], more[i + 1]);
    }
    return change;
  }

  /**
   * @param profileId a profile that exists, for the OAuth cases
   */
  static Stream<Case> all(String profileId) {
    return Stream.of(
        new Case("name empty", Map.of("name", ""), "name", "Enter a name for the account"),
        new Case(
            "name taken, in any case",
            Map.of("name", "TAKEN account"),
            "name",
            "An account named 'TAKEN account' exists already; choose another name."),
        new Case(
            "name too long", Map.of("name", "n".repeat(201)), "name", "longer than 200 characters"),
        new Case(
            "type missing",
            Map.of("type", ""),
            "type",
            "Choose the account type: one of SMTP, IMAP, POP3, GRAPH."),
        new Case(
            "type unknown",
            Map.of("type", "EXCHANGE"),
            "type",
            "Unknown account type 'EXCHANGE'; use one of SMTP, IMAP, POP3, GRAPH."),
        new Case(
            "SASL mechanism unknown",
            Map.of("saslMechanism", "PLAIN"),
            "saslMechanism",
            "Unknown SASL mechanism 'PLAIN'; use one of AUTO, XOAUTH2, OAUTHBEARER."),
        new Case("address empty", Map.of("address", " "), "address", "Enter the mailbox address"),
        new Case(
            "address without a domain",
            Map.of("address", "servicedesk"),
            "address",
            "'servicedesk' is not a valid email address (Missing final '@domain')"),
        new Case(
            "address with a display name",
            Map.of("address", "Desk <desk@mailgate.test>"),
            "address",
            "(it holds more than the address); enter just the address"),
        new Case(
            "address with a space",
            Map.of("address", "service desk@mailgate.test"),
            "address",
            "is not a valid email address"),
        new Case(
            "host missing",
            Map.of("host", ""),
            "host",
            "Enter the mail server's host name, e.g. imap.example.com."),
        new Case(
            "host with a scheme",
            Map.of("host", "imaps://imap.example.test"),
            "host",
            "'imaps://imap.example.test' is not a host name"),
        new Case(
            "port not a number",
            Map.of("port", "imap"),
            "port",
            "The port must be a number from 1 to 65535; leave it empty for the usual one (993"
                + " for IMAP with SSL/TLS)."),
        new Case(
            "port out of range",
            Map.of("port", "70000"),
            "port",
            "The port must be a number from 1 to 65535"),
        new Case(
            "security unknown",
            Map.of("security", "TLS"),
            "security",
            "Unknown connection security 'TLS'; use one of SSL_TLS, STARTTLS, NONE."),
        new Case(
            "no security to another machine",
            Map.of("security", "NONE"),
            "security",
            "Connection security 'none' sends the password or token unencrypted; it is allowed"
                + " only for a server on this machine"),
        new Case(
            "authentication unknown",
            Map.of("authMethod", "NTLM"),
            "authMethod",
            "Unknown authentication 'NTLM'; use one of BASIC, OAUTH2."),
        new Case(
            "no way to authenticate",
            Map.of("authMethod", "", "password", ""),
            "authMethod",
            "Choose the authentication: OAUTH2 (with an OAuth profile) or BASIC"),
        new Case(
            "Basic without a password",
            Map.of("password", ""),
            "password",
            "Enter the password: Basic authentication signs in with it."),
        new Case(
            "OAuth 2.0 without a profile",
            oauth(""),
            "profileId",
            "Choose an OAuth profile: an OAuth 2.0 account takes its provider and scopes"),
        new Case(
            "OAuth 2.0 with a profile that does not exist",
            oauth(UUID.randomUUID().toString()),
            "profileId",
            "No OAuth profile with id"),
        new Case(
            "OAuth 2.0 with a password",
            oauth(profileId, "password", "secret"),
            "password",
            "An OAuth 2.0 account signs in with tokens, not a password"),
        new Case(
            "OAuth 2.0 with an authorizing identity that is no address",
            oauth(profileId, "expectedIdentity", "the boss"),
            "expectedIdentity",
            "'the boss' is not a valid email address"),
        new Case(
            "default outbound on a reading account",
            Map.of("defaultOutbound", true),
            "defaultOutbound",
            "Only an SMTP or Graph account can be the default outbound account"));
  }
}
