package dev.mailgate.demo;

import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.account.GraphProperties;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.account.NewAccount;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.NewProvider;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxScopes;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Registers what a newcomer would otherwise type in: the sandbox provider, an "IMAP + SMTP"
 * profile, and IMAP and SMTP accounts for {@value Sandbox#DEMO}; and a Microsoft Graph account for
 * the same mailbox through an app-only client of its own (ADR 0026), whose Graph application
 * permissions the sandbox consents at each start, so it sends and reads without an Authorize. Its
 * own client, because a credential is per provider and identity: a delegated Graph authorization of
 * the IMAP + SMTP client would replace the IMAP and SMTP accounts' tokens with Graph ones. Only
 * what is missing is created, so a restart keeps the admin's changes. The demo providers' client
 * secrets are placeholders the sandbox ignores; they are encrypted like any other.
 */
@Component
@Profile("demo")
class DemoData implements ApplicationRunner {

  static final String PROVIDER = "Sandbox";
  static final String PROFILE = "IMAP + SMTP";
  static final String IMAP_ACCOUNT = "Demo IMAP";
  static final String SMTP_ACCOUNT = "Demo SMTP";
  static final String GRAPH_PROVIDER = "Sandbox Graph (app-only)";
  static final String GRAPH_CLIENT = "mailgate-demo-graph";
  static final String GRAPH_PROFILE = "Graph app-only";
  static final String GRAPH_ACCOUNT = "Demo Graph";
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  private final Sandbox sandbox;
  private final JdbcProviderStore providers;
  private final JdbcAccountStore accounts;
  private final GraphProperties graph;

  DemoData(
      Sandbox sandbox,
      JdbcProviderStore providers,
      JdbcAccountStore accounts,
      GraphProperties graph) {
    this.sandbox = sandbox;
    this.providers = providers;
    this.accounts = accounts;
    this.graph = graph;
  }

  @Override
  public void run(ApplicationArguments args) {
    OAuthProvider provider =
        providers.findByName(PROVIDER).orElseGet(() -> providers.create(registration()));
    OAuthProfile profile =
        providers.profiles(provider.id()).stream()
            .filter(p -> p.name().equals(PROFILE))
            .findFirst()
            .orElseGet(
                () -> providers.addProfile(provider.id(), PROFILE, SandboxScopes.IMAP_AND_SMTP));
    if (accounts.findByName(IMAP_ACCOUNT).isEmpty()) {
      accounts.create(account(IMAP_ACCOUNT, AccountType.IMAP, sandbox.ports().imaps(), profile));
    }
    if (accounts.findByName(SMTP_ACCOUNT).isEmpty()) {
      accounts.create(account(SMTP_ACCOUNT, AccountType.SMTP, sandbox.ports().smtps(), profile));
    }
    graphAccount();
    log.info(
        "Demo ready: provider '{}', accounts '{}', '{}' and '{}' for {}",
        PROVIDER,
        IMAP_ACCOUNT,
        SMTP_ACCOUNT,
        GRAPH_ACCOUNT,
        Sandbox.DEMO);
  }

  private void graphAccount() {
    // the sandbox forgets consents when it stops: granted again at every start
    sandbox
        .oauth()
        .grantApplicationPermissions(GRAPH_CLIENT, List.of("Mail.ReadWrite", "Mail.Send"));
    OAuthProvider provider =
        providers
            .findByName(GRAPH_PROVIDER)
            .orElseGet(
                () ->
                    providers.create(
                        new NewProvider(
                            GRAPH_PROVIDER,
                            ProviderPreset.OPENID,
                            GRAPH_CLIENT,
                            "demo-client-secret",
                            null,
                            sandbox.oauth().tokenUrl(),
                            null,
                            null,
                            sandbox.oauth().issuer(),
                            sandbox.oauth().jwksUrl(),
                            TokenAuthMethod.CLIENT_SECRET_POST,
                            false,
                            null,
                            null,
                            GrantType.CLIENT_CREDENTIALS,
                            false,
                            null)));
    OAuthProfile profile =
        providers.profiles(provider.id()).stream()
            .filter(p -> p.name().equals(GRAPH_PROFILE))
            .findFirst()
            .orElseGet(
                () ->
                    providers.addProfile(
                        provider.id(), GRAPH_PROFILE, List.of(SandboxScopes.GRAPH_DEFAULT)));
    if (accounts.findByName(GRAPH_ACCOUNT).isEmpty()) {
      URI root = graph.baseUrl(); // the sandbox's stand-in (DemoApplication)
      accounts.create(
          new NewAccount(
              GRAPH_ACCOUNT,
              AccountType.GRAPH,
              Sandbox.DEMO,
              Sandbox.DEMO,
              root.getHost(),
              root.getPort(),
              ConnectionSecurity.NONE,
              AuthMethod.OAUTH2,
              null,
              profile.id(),
              null,
              true,
              false,
              null));
    }
  }

  private NewProvider registration() {
    var oauth = sandbox.oauth();
    return new NewProvider(
        PROVIDER,
        ProviderPreset.OPENID,
        "mailgate-demo",
        "demo-client-secret",
        oauth.authorizationUrl(),
        oauth.tokenUrl(),
        oauth.revocationUrl(),
        oauth.userinfoUrl(),
        oauth.issuer(),
        oauth.jwksUrl(),
        TokenAuthMethod.CLIENT_SECRET_POST,
        true,
        "select_account",
        null,
        GrantType.AUTHORIZATION_CODE,
        false,
        oauth.deviceAuthorizationUrl());
  }

  private static NewAccount account(String name, AccountType type, int port, OAuthProfile profile) {
    return new NewAccount(
        name,
        type,
        Sandbox.DEMO,
        null,
        "localhost",
        port,
        ConnectionSecurity.SSL_TLS,
        AuthMethod.OAUTH2,
        null,
        profile.id(),
        null,
        true,
        type == AccountType.SMTP,
        null);
  }
}
