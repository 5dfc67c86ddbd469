package dev.mailgate.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.ProviderService;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wizards without a browser, for what the browser test does not walk: Google (its sign-in host
 * is Google's own, so only the redirect to it is checked), the Graph choice, a tenant connected
 * twice, and the secret never sent back.
 */
class ConnectMailboxPagesTest {

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static AdminSession admin;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void googleMakesTheGmailProviderAndAccountsAndSendsTheAdminToGoogleWithTheMailboxAsHint() {
    HttpResponse<String> page = admin.get("/connect/google");
    assertThat(page.body())
        .contains("https://mail.google.com/, openid, email")
        .contains("<code>" + mailgate.bean(ProviderService.class).redirectUri() + "</code>")
        .contains("/oauth_redirect.do</code>");

    HttpResponse<String> done =
        admin.postForm(
            "/connect/google",
            Map.of(
                "tenant", "contoso.com",
                "clientId", "123.apps.googleusercontent.com",
                "clientSecret", "GOCSPX-secret",
                "mailbox", "Ann@Contoso.com"));

    assertThat(done.statusCode()).isEqualTo(302);
    String location = done.headers().firstValue("Location").orElseThrow();
    assertThat(location)
        .startsWith("https://accounts.google.com/o/oauth2/v2/auth?")
        .contains("login_hint=ann%40contoso.com")
        .contains("access_type=offline");
    OAuthProvider google = provider(ProviderPreset.GOOGLE);
    assertThat(google.name()).isEqualTo("Google contoso.com");
    List<EmailAccount> accounts = accountsOf("ann@contoso.com");
    assertThat(accounts)
        .extracting(EmailAccount::type, EmailAccount::host, EmailAccount::port)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(AccountType.IMAP, "imap.gmail.com", 993),
            org.assertj.core.groups.Tuple.tuple(AccountType.SMTP, "smtp.gmail.com", 587));
  }

  @Test
  void microsoftWithGraphMakesAGraphAccountAndATenantTwiceIsSentToAnotherMailbox() {
    Map<String, String> form =
        Map.of(
            "tenant", "6f1c2b4e-0d1a-4c5e-9b8a-1a2b3c4d5e6f",
            "clientId", "app",
            "clientSecret", "s3cret-value",
            "mailbox", "desk@fabrikam.com",
            "graph", "on");
    HttpResponse<String> done = admin.postForm("/connect/microsoft", form);

    assertThat(done.statusCode()).isEqualTo(302);
    assertThat(done.headers().firstValue("Location").orElseThrow())
        .startsWith(
            "https://login.microsoftonline.com/6f1c2b4e-0d1a-4c5e-9b8a-1a2b3c4d5e6f/oauth2/v2.0/"
                + "authorize?")
        .contains("login_hint=desk%40fabrikam.com")
        .contains("Mail.ReadWrite");
    assertThat(accountsOf("desk@fabrikam.com"))
        .extracting(EmailAccount::type)
        .containsExactly(AccountType.GRAPH);

    HttpResponse<String> again =
        admin.postForm(
            "/connect/microsoft",
            Map.of(
                "tenant", "6f1c2b4e-0d1a-4c5e-9b8a-1a2b3c4d5e6f",
                "clientId", "app",
                "clientSecret", "s3cret-value",
                "mailbox", "other@fabrikam.com"));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body())
        .contains("id=\"error-tenant\"")
        .contains("connect the mailbox under &#39;Another mailbox&#39; at the top")
        .contains("id=\"another-form\"")
        .doesNotContain("s3cret-value");
    assertThat(accountsOf("other@fabrikam.com")).isEmpty();
  }

  private static OAuthProvider provider(ProviderPreset preset) {
    return mailgate.bean(JdbcProviderStore.class).list().stream()
        .filter(p -> p.preset() == preset)
        .findFirst()
        .orElseThrow();
  }

  private static List<EmailAccount> accountsOf(String address) {
    return mailgate.bean(JdbcAccountStore.class).list().stream()
        .filter(a -> a.address().equals(address))
        .toList();
  }
}
