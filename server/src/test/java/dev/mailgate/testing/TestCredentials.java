package dev.mailgate.testing;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.oauth.OAuthProfile;

/**
 * Authorized mailboxes for token tests: an IMAP account of the profile, authorized for real at the
 * {@link LocalOAuthServer} (so its refresh token works there), and the credential that came of it.
 */
public final class TestCredentials {

  /** An account and the credential its authorization stored. */
  public record Authorized(EmailAccount account, Credential credential) {}

  private TestCredentials() {}

  public static Authorized authorize(
      RunningMailgate mailgate, LocalOAuthServer provider, OAuthProfile profile, String identity) {
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            // inactive: an active account is read as soon as it is authorized, and that reader
            // would use (and refresh) the credential beside the test
            .create(TestAccounts.imap(identity).withOAuth(profile.id()).inactive().build());
    return authorize(mailgate, provider, account);
  }

  /** Authorizes (or re-authorizes) an existing account as its mailbox. */
  public static Authorized authorize(
      RunningMailgate mailgate, LocalOAuthServer provider, EmailAccount account) {
    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    BrowserAtProvider.at(provider)
        .authorizeOrFail(admin, account.id(), account.authorizingIdentity());
    OAuthProfile profile =
        mailgate
            .bean(dev.mailgate.oauth.JdbcProviderStore.class)
            .profile(account.profileId())
            .orElseThrow();
    Credential credential =
        mailgate
            .bean(JdbcCredentialStore.class)
            .find(profile.providerId(), account.authorizingIdentity())
            .orElseThrow();
    return new Authorized(account, credential);
  }
}
