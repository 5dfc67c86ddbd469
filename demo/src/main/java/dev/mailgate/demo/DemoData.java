package dev.mailgate.demo;

import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Registers what a newcomer would otherwise type in: the sandbox provider, an "IMAP + SMTP"
 * profile, and IMAP and SMTP accounts for {@value Sandbox#DEMO}. Only what is missing is created,
 * so a restart keeps the admin's changes. The demo provider's client secret is a placeholder the
 * sandbox ignores; it is encrypted like any other.
 */
@Component
@Profile("demo")
class DemoData implements ApplicationRunner {

  static final String PROVIDER = "Sandbox";
  static final String PROFILE = "IMAP + SMTP";
  static final String IMAP_ACCOUNT = "Demo IMAP";
  static final String SMTP_ACCOUNT = "Demo SMTP";
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  private final Sandbox sandbox;
  private final JdbcProviderStore providers;
  private final JdbcAccountStore accounts;

  DemoData(Sandbox sandbox, JdbcProviderStore providers, JdbcAccountStore accounts) {
    this.sandbox = sandbox;
    this.providers = providers;
    this.accounts = accounts;
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
    log.info(
        "Demo ready: provider '{}', accounts '{}' and '{}' for {}",
        PROVIDER,
        IMAP_ACCOUNT,
        SMTP_ACCOUNT,
        Sandbox.DEMO);
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
        type == AccountType.SMTP);
  }
}
