package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.system.EnumInput;
import dev.mailgate.system.FieldChecks;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.LoopbackHost;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What makes an email account usable, checked the same way for the UI and the REST API, with the
 * defaults filled in; each refusal names the field and says what to enter instead.
 */
@Component
class AccountRules {

  private static final int MAX_NAME = 200;

  private final JdbcAccountStore accounts;
  private final JdbcProviderStore providers;
  private final GraphProperties graph;

  AccountRules(JdbcAccountStore accounts, JdbcProviderStore providers, GraphProperties graph) {
    this.accounts = accounts;
    this.providers = providers;
    this.graph = graph;
  }

  /**
   * @param existing the account being changed, or null for a new one
   */
  NewAccount check(AccountInput in, EmailAccount existing) {
    // Every field is checked, and every refusal reported at once (issue 16); a check whose input
    // was refused is skipped rather than refused again for the same reason.
    FieldChecks checks = new FieldChecks();
    String name = checks.check(() -> name(in.name(), existing));
    AccountType type =
        checks.check(
            () -> EnumInput.parse(AccountType.class, "type", in.type(), null, "account type"));
    String address =
        checks.check(() -> MailboxAddress.check("address", in.address(), "mailbox address"));
    AuthMethod auth = checks.check(() -> authMethod(in));
    if (type == AccountType.GRAPH) {
      // a Graph account has its own few fields (no server): checked after the common ones
      checks.throwIfRefused();
      return graphAccount(in, name, address, auth);
    }
    OAuthProvider provider = null;
    UUID profileId = null;
    if (auth == AuthMethod.OAUTH2) {
      OAuthProfile profile = checks.check(() -> profile(in.profileId()));
      if (profile != null) {
        profileId = profile.id();
        provider = providers.find(profile.providerId()).orElseThrow();
        if (type != null) {
          checks.run(() -> coversProtocol(type, profile));
        }
      }
    }
    ConnectionSecurity security =
        type == null
            ? null
            : checks.check(
                () ->
                    EnumInput.parse(
                        ConnectionSecurity.class,
                        "security",
                        in.security(),
                        MailServers.security(type),
                        "connection security"));
    OAuthProvider chosen = provider;
    String host =
        type == null
            ? null
            : checks.check(
                () -> MailServers.host(in.host(), chosen == null ? null : chosen.preset(), type));
    if (security == ConnectionSecurity.NONE && host != null && !LoopbackHost.is(host)) {
      checks.run(
          () -> {
            throw new InvalidInputException(
                "security",
                "Connection security 'none' sends the password or token unencrypted; it is"
                    + " allowed only for a server on this machine (localhost, 127.0.0.1, ::1)."
                    + " Choose SSL/TLS or STARTTLS.");
          });
    }
    Integer port =
        type == null || security == null
            ? null
            : checks.check(() -> MailServers.port(in.port(), type, security));
    String password =
        auth == null ? null : checks.check(() -> password(in.password(), auth, existing));
    if (password == null
        && !checks.refused("password")
        && host != null
        && port != null
        && auth != null
        && movesStoredPassword(existing, auth, host, port)) {
      checks.run(
          () -> {
            throw new InvalidInputException(
                "password",
                "The server changed from "
                    + existing.host()
                    + ":"
                    + existing.port()
                    + " to "
                    + host
                    + ":"
                    + port
                    + ": enter the password again. A stored password is sent only to the server"
                    + " it was entered for.");
          });
    }
    String identity =
        auth == AuthMethod.OAUTH2 && !blank(in.expectedIdentity())
            ? checks.check(
                () ->
                    MailboxAddress.check(
                        "expectedIdentity", in.expectedIdentity(), "authorizing identity"))
            : null;
    boolean defaultOutbound = in.defaultOutbound() != null && in.defaultOutbound();
    if (defaultOutbound && type != null && !type.sends()) {
      checks.run(
          () -> {
            throw new InvalidInputException(
                "defaultOutbound",
                "Only an SMTP or Graph account can be the default outbound account; untick it, or make"
                    + " this an SMTP account.");
          });
    }
    MechanismSetting mechanism = checks.check(() -> saslMechanism(in, auth));
    checks.throwIfRefused();
    return new NewAccount(
        name,
        type,
        address,
        blank(in.loginUser()) ? address : in.loginUser().strip(),
        host,
        port,
        security,
        auth,
        password,
        profileId,
        identity,
        in.active() == null || in.active(),
        defaultOutbound,
        mechanism);
  }

  /**
   * A Microsoft Graph account (ADR 0026): OAuth 2.0 only, no server of its own (it reaches the
   * deployment's {@code mailgate.graph.base-url}), delegated for the person's own mailbox or, with
   * a {@code .Shared} permission, for a mailbox shared with the authorizing identity; app-only for
   * any mailbox the application's access policy allows.
   */
  private NewAccount graphAccount(AccountInput in, String name, String address, AuthMethod auth) {
    if (auth != AuthMethod.OAUTH2 || !blank(in.password())) {
      throw new InvalidInputException(
          "authMethod",
          "A Graph account signs in with OAuth 2.0 tokens only; choose OAUTH2 and a profile with"
              + " Graph permissions (the Microsoft 365 'Graph' profile), and leave the password"
              + " empty.");
    }
    if (!blank(in.host())) {
      throw new InvalidInputException(
          "host",
          "A Graph account has no server of its own: it reaches Microsoft Graph at "
              + graph.root()
              + " (mailgate.graph.base-url). Leave the host empty.");
    }
    if (!blank(in.port()) && !in.port().strip().equals("0")) {
      throw new InvalidInputException(
          "port",
          "A Graph account has no port: it speaks https to "
              + graph.root()
              + ". Leave the port empty.");
    }
    OAuthProfile profile = profile(in.profileId());
    OAuthProvider provider = providers.find(profile.providerId()).orElseThrow();
    coversProtocol(AccountType.GRAPH, profile);
    String identity =
        blank(in.expectedIdentity())
            ? null
            : MailboxAddress.check(
                "expectedIdentity", in.expectedIdentity(), "authorizing identity");
    boolean appOnly = provider.grantType() == GrantType.CLIENT_CREDENTIALS;
    boolean shared = !appOnly && identity != null && !identity.equalsIgnoreCase(address);
    if (shared && !ScopeCoverage.coversSharedMailbox(profile.scopes())) {
      throw new InvalidInputException(
          "profileId",
          "The mailbox "
              + address
              + " is not the authorizing identity's ("
              + identity
              + "): Graph serves a shared mailbox only to a token with Mail.ReadWrite.Shared"
              + " (and Mail.Send.Shared to send), which the profile '"
              + profile.name()
              + "' does not ask for. Add them to the profile (and authorize again), or use an"
              + " app-only provider.");
    }
    boolean defaultOutbound = in.defaultOutbound() != null && in.defaultOutbound();
    return new NewAccount(
        name,
        AccountType.GRAPH,
        address,
        address,
        graph.host(),
        graph.port(),
        graph.security(),
        AuthMethod.OAUTH2,
        null,
        profile.id(),
        appOnly ? null : identity,
        in.active() == null || in.active(),
        defaultOutbound,
        MechanismSetting.AUTO); // Graph takes a bearer token; there is no SASL to choose
  }

  /** Only a token has a mechanism to choose; a password account keeps AUTO whatever is sent. */
  private static MechanismSetting saslMechanism(AccountInput in, AuthMethod auth) {
    MechanismSetting setting =
        EnumInput.parse(
            MechanismSetting.class,
            "saslMechanism",
            in.saslMechanism(),
            MechanismSetting.AUTO,
            "SASL mechanism");
    return auth == AuthMethod.OAUTH2 ? setting : MechanismSetting.AUTO;
  }

  private String name(String value, EmailAccount existing) {
    if (blank(value)) {
      throw new InvalidInputException(
          "name", "Enter a name for the account, e.g. 'Service desk inbox'.");
    }
    String name = value.strip();
    if (name.length() > MAX_NAME) {
      throw new InvalidInputException(
          "name", "The name is longer than " + MAX_NAME + " characters; shorten it.");
    }
    boolean taken =
        accounts.list().stream()
            .anyMatch(
                other ->
                    other.name().equalsIgnoreCase(name)
                        && (existing == null || !other.id().equals(existing.id())));
    if (taken) {
      throw new InvalidInputException(
          "name", "An account named '" + name + "' exists already; choose another name.");
    }
    return name;
  }

  /**
   * Refuses a profile whose scopes leave out the account's protocol: its tokens would be refused by
   * the mail server (the demo's POP3 account on the "IMAP + SMTP" profile, issue 13).
   */
  private static void coversProtocol(AccountType type, OAuthProfile profile) {
    ScopeCoverage.missingForProtocol(type, profile.scopes())
        .ifPresent(
            scope -> {
              throw new InvalidInputException(
                  "profileId",
                  "The profile '"
                      + profile.name()
                      + "' asks for "
                      + String.join(" ", profile.scopes())
                      + " but not for "
                      + scope
                      + ", the scope a "
                      + type
                      + " account needs: the mail server would refuse its tokens. Choose a"
                      + " profile with "
                      + scope
                      + ", or add it to this one (and authorize again).");
            });
  }

  /** Given, or implied: a profile means OAuth 2.0, a password means Basic. */
  private static AuthMethod authMethod(AccountInput in) {
    if (!blank(in.authMethod())) {
      return EnumInput.parse(
          AuthMethod.class, "authMethod", in.authMethod(), null, "authentication");
    }
    if (!blank(in.profileId())) {
      return AuthMethod.OAUTH2;
    }
    if (!blank(in.password())) {
      return AuthMethod.BASIC;
    }
    throw new InvalidInputException(
        "authMethod",
        "Choose the authentication: OAUTH2 (with an OAuth profile) or BASIC (with a password).");
  }

  private OAuthProfile profile(String value) {
    if (blank(value)) {
      throw new InvalidInputException(
          "profileId",
          "Choose an OAuth profile: an OAuth 2.0 account takes its provider and scopes from it.");
    }
    try {
      return providers.profile(UUID.fromString(value.strip())).orElseThrow();
    } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
      throw new InvalidInputException(
          "profileId",
          "No OAuth profile with id '"
              + value.strip()
              + "' exists; choose one of the providers' profiles.");
    }
  }

  private static String password(String value, AuthMethod auth, EmailAccount existing) {
    boolean given = value != null && !value.isEmpty();
    if (auth == AuthMethod.OAUTH2) {
      if (given) {
        throw new InvalidInputException(
            "password",
            "An OAuth 2.0 account signs in with tokens, not a password; leave the password"
                + " empty.");
      }
      return null;
    }
    boolean stored =
        existing != null && existing.authMethod() == AuthMethod.BASIC && existing.hasPassword();
    if (!given && !stored) {
      throw new InvalidInputException(
          "password", "Enter the password: Basic authentication signs in with it.");
    }
    return given ? value : null;
  }

  /** A stored password would be sent to another host or port than the one it was entered for. */
  static boolean movesStoredPassword(
      EmailAccount existing, AuthMethod auth, String host, int port) {
    return existing != null
        && auth == AuthMethod.BASIC
        && existing.authMethod() == AuthMethod.BASIC
        && existing.hasPassword()
        && (!existing.host().equalsIgnoreCase(host) || existing.port() != port);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
