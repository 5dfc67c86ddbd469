package dev.mailgate.testing;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.account.NewAccount;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.TokenSet;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProvider;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One of each kind of secret Mailgate stores, with values unique to this instance, stored through
 * the real stores so tests can look for them afterwards.
 */
public record KnownSecrets(
    String clientSecret,
    String password,
    String accessToken,
    String refreshToken,
    OAuthProvider provider,
    EmailAccount account,
    Credential credential) {

  public static KnownSecrets storeIn(RunningMailgate mailgate) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String clientSecret = "client-secret-" + tag;
    String password = "mailbox-password-" + tag;
    String accessToken = "access-token-" + tag;
    String refreshToken = "refresh-token-" + tag;
    OAuthProvider provider =
        mailgate
            .bean(JdbcProviderStore.class)
            .create(
                TestProviders.provider("Provider " + tag).withClientSecret(clientSecret).build());
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                new NewAccount(
                    "Basic " + tag,
                    AccountType.IMAP,
                    "basic-" + tag + "@mailgate.test",
                    null,
                    "127.0.0.1",
                    993,
                    ConnectionSecurity.SSL_TLS,
                    AuthMethod.BASIC,
                    password,
                    null,
                    null,
                    true,
                    false,
                    null));
    Credential credential =
        mailgate
            .bean(JdbcCredentialStore.class)
            .saveAuthorized(
                provider.id(),
                "user-" + tag + "@mailgate.test",
                new TokenSet(
                    accessToken, refreshToken, Instant.now().plusSeconds(3600), List.of("imap")));
    return new KnownSecrets(
        clientSecret, password, accessToken, refreshToken, provider, account, credential);
  }

  public List<String> values() {
    return List.of(clientSecret, password, accessToken, refreshToken);
  }
}
