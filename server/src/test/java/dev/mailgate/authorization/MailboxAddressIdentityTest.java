package dev.mailgate.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.NewProvider;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxOAuthProvider;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.BrowserAtProvider;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity check with a Microsoft 365 user whose user principal name is not her mailbox's
 * address: her tokens name only the UPN, Graph's {@code /me} (the sandbox's stand-in) answers her
 * {@code mail} and {@code proxyAddresses}, and the mailbox's own owner is accepted. Someone else is
 * still refused, and the refusal lists every name and address the provider gave.
 */
class MailboxAddressIdentityTest {

  private static final String UPN = "ada@contoso.onmicrosoft.com";
  private static final String MAILBOX = "ada.lovelace@contoso.test";

  @RegisterExtension static final SandboxExtension sandbox = SandboxExtension.withFreePorts();

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static AdminSession admin;

  @BeforeAll
  static void start() {
    sandbox.oauth().addDirectoryUser(UPN, MAILBOX, "ada@contoso.test");
    sandbox.mail().addOAuthMailbox(MAILBOX);
    sandbox.oauth().addDirectoryUser("bob@contoso.onmicrosoft.com", "bob@contoso.test");
    sandbox.mail().addOAuthMailbox("bob@contoso.test");
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.oauth.graph-url", sandbox.graph().baseUrl()));
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void theMailboxOwnerSignedInByUpnIsAcceptedThroughHerGraphAddresses() {
    OAuthProvider provider = provider(ProviderPreset.MICROSOFT_365);
    EmailAccount account = account(provider, MAILBOX);

    HttpResponse<String> done = new BrowserAtProvider().authorize(admin, account.id(), UPN);

    assertThat(done.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("?authorized"));
    assertThat(mailgate.bean(JdbcCredentialStore.class).find(provider.id(), MAILBOX)).isPresent();
  }

  @Test
  void withoutGraphsAddressesTheSameOwnerWouldBeRefused() {
    // an OpenID provider: nobody asks Graph, the token's UPN is all there is
    OAuthProvider provider = provider(ProviderPreset.OPENID);
    EmailAccount account = account(provider, MAILBOX);

    HttpResponse<String> done = new BrowserAtProvider().authorize(admin, account.id(), UPN);

    assertThat(done.body())
        .contains("You signed in as " + UPN + ", but this account expects " + MAILBOX);
    assertThat(mailgate.bean(JdbcCredentialStore.class).find(provider.id(), MAILBOX)).isEmpty();
  }

  @Test
  void someoneElseIsRefusedAndEveryNameAndAddressSeenIsListed() {
    OAuthProvider provider = provider(ProviderPreset.MICROSOFT_365);
    EmailAccount account = account(provider, MAILBOX);

    HttpResponse<String> done =
        new BrowserAtProvider().authorize(admin, account.id(), "bob@contoso.onmicrosoft.com");

    assertThat(done.body())
        .contains("data-reason=\"identity_mismatch\"")
        .contains("but this account expects " + MAILBOX)
        .contains("bob@contoso.onmicrosoft.com, bob@contoso.test");
    assertThat(mailgate.bean(JdbcCredentialStore.class).find(provider.id(), MAILBOX)).isEmpty();
  }

  private static EmailAccount account(OAuthProvider provider, String address) {
    OAuthProfile profile =
        mailgate
            .bean(JdbcProviderStore.class)
            .addProfile(
                provider.id(), "IMAP", List.of("openid", "email", "offline_access", "imap"));
    return mailgate
        .bean(JdbcAccountStore.class)
        .create(TestAccounts.imap(address).withOAuth(profile.id()).inactive().build());
  }

  private static OAuthProvider provider(ProviderPreset preset) {
    SandboxOAuthProvider oauth = sandbox.oauth();
    return mailgate
        .bean(JdbcProviderStore.class)
        .create(
            new NewProvider(
                "Contoso " + UUID.randomUUID(),
                preset,
                "mailgate",
                "sandbox-client-secret",
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
                null));
  }
}
