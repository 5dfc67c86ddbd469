package dev.mailgate.outbound.listener;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.BrowserAtProvider;
import dev.mailgate.testing.Html;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local SMTP listener: an application signs in with its SMTP client's credentials using a plain
 * Jakarta Mail client, and its mail is queued and relayed with XOAUTH2 to the sandbox mail server;
 * wrong credentials get 535; a listener beyond loopback without TLS never starts.
 */
class SmtpListenerTest {

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static EmailAccount account;
  private static AdminSession admin;

  @BeforeAll
  static void start() {
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.smtp-listener.enabled", "true",
                "mailgate.smtp-listener.port", "0",
                "mailgate.mail.trust-store", SandboxMailServer.trustStore().toString(),
                "mailgate.mail.trust-store-password", SandboxMailServer.TRUST_STORE_PASSWORD,
                "mailgate.scheduler.polling-interval", "1s"));
    api = new JsonApi(mailgate);
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    OAuthProfile profile =
        providers.addProfile(
            provider.id(), "SMTP", List.of("openid", "email", "offline_access", "smtp"));
    account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.smtp(Sandbox.SERVICEDESK)
                    .at("localhost", sandbox.sandbox().ports().smtps())
                    .withOAuth(profile.id())
                    .build());
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    new BrowserAtProvider().authorize(admin, account.id(), Sandbox.SERVICEDESK);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  private static int port() {
    return mailgate.bean(SmtpListener.class).port();
  }

  private static String recipient(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  private static Reply newClient(String username) {
    Reply created =
        api.post(
            "/api/v1/smtp-clients", body("username", username, "account", account.id().toString()));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created;
  }

  private static MimeMessage message(Session session, String to, String bcc) throws Exception {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(Sandbox.SERVICEDESK, "Service Désk", "UTF-8"));
    message.setRecipients(RecipientType.TO, to);
    if (bcc != null) {
      message.setRecipients(RecipientType.BCC, bcc);
    }
    message.setSubject("Über SMTP ✓", "UTF-8");
    message.setText("Hallo über SMTP", "UTF-8");
    message.saveChanges();
    return message;
  }

  private static Session session() {
    Properties properties = new Properties();
    properties.put("mail.smtp.host", "127.0.0.1");
    properties.put("mail.smtp.port", String.valueOf(port()));
    properties.put("mail.smtp.auth", "true");
    return Session.getInstance(properties);
  }

  @Test
  void mailSubmittedWithTheClientsCredentialsIsRelayedWithXoauth2ToTheMailServer()
      throws Exception {
    Reply client = newClient("desk-" + UUID.randomUUID().toString().substring(0, 6));
    String user = client.json().get("client").get("username").asString();
    String password = client.text("password");
    String to = recipient("smtp");
    String bcc = recipient("smtpaudit");
    Session session = session();
    MimeMessage message = message(session, to, bcc);

    Transport.send(message, user, password);

    MimeMessage arrived = awaitArrival(to);
    assertThat(arrived.getMessageID()).isEqualTo(message.getMessageID());
    assertThat(arrived.getSubject()).isEqualTo("Über SMTP ✓");
    assertThat(((InternetAddress) arrived.getFrom()[0]).getPersonal()).isEqualTo("Service Désk");
    assertThat(arrived.getContent().toString()).startsWith("Hallo über SMTP");
    assertThat(arrived.getHeader("Bcc")).isNull();
    assertThat(awaitArrival(bcc).getHeader("Bcc")).isNull();
    assertThat(api.get("/api/v1/smtp-clients").json().toString()).contains(user);
    assertThat(api.get("/api/v1/smtp-clients").json().toString()).doesNotContain(password);
  }

  @Test
  void wrongCredentialsAreRefusedWith535() throws Exception {
    Reply client = newClient("wrong-" + UUID.randomUUID().toString().substring(0, 6));
    String user = client.json().get("client").get("username").asString();
    Session session = session();

    assertThatThrownBy(
            () -> Transport.send(message(session, recipient("no"), null), user, "not-it"))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("535");
    assertThatThrownBy(() -> Transport.send(message(session, recipient("no"), null), "nobody", "x"))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("535");
  }

  @Test
  void mailFromAnotherAddressThanTheClientsAccountIsRefusedWithTheReason() throws Exception {
    Reply client = newClient("other-" + UUID.randomUUID().toString().substring(0, 6));
    Session session = session();
    MimeMessage message = message(session, recipient("x"), null);
    message.setFrom("someone@elsewhere.test");
    message.saveChanges();

    assertThatThrownBy(
            () ->
                Transport.send(
                    message,
                    client.json().get("client").get("username").asString(),
                    client.text("password")))
        .isInstanceOf(MessagingException.class)
        .hasStackTraceContaining("550")
        .hasStackTraceContaining("from:");
  }

  @Test
  void theAdminCreatesAClientInTheUiAndSeesItsPasswordOnce() {
    String user = "ui-" + UUID.randomUUID().toString().substring(0, 6);
    admin.get("/settings/smtp-clients");

    HttpResponse<String> created =
        admin.postForm(
            "/settings/smtp-clients", Map.of("username", user, "account", account.id().toString()));

    Matcher password =
        Pattern.compile("id=\"issued-password\"[^>]*>([^<]+)<").matcher(created.body());
    assertThat(password.find()).isTrue();
    assertThat(mailgate.bean(SmtpClients.class).signIn(user, password.group(1))).isPresent();
    String later = admin.get("/settings/smtp-clients").body();
    assertThat(later).contains(user).doesNotContain(password.group(1));
    assertThat(Html.text(admin.get("/settings/smtp-clients"))).contains("The listener runs on");
    HttpResponse<String> refused =
        admin.postForm("/settings/smtp-clients", Map.of("username", "bad name", "account", "x"));
    assertThat(refused.body()).contains("data-field=\"username\"");
  }

  @Test
  void aListenerOnANonLoopbackAddressWithoutTlsRefusesToStart(@TempDir Path otherDir) {
    assertThatThrownBy(
            () ->
                RunningMailgate.start(
                        otherDir,
                        TestDatabase.h2(otherDir),
                        Map.of(
                            "mailgate.smtp-listener.enabled", "true",
                            "mailgate.smtp-listener.address", "0.0.0.0",
                            "mailgate.smtp-listener.port", "0"))
                    .close())
        .hasStackTraceContaining("not a loopback address")
        .hasStackTraceContaining("mailgate.smtp-listener.tls-key-store");
  }

  /** The mailbox's messages; none while the sandbox has not seen mail for it. */
  private static List<MimeMessage> inbox(String address) {
    try {
      return sandbox.mail().inbox(address);
    } catch (dev.mailgate.sandbox.SandboxException e) {
      return List.of();
    }
  }

  private static MimeMessage awaitArrival(String to) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (inbox(to).isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertThat(sandbox.mail().inbox(to)).as("mail for " + to).hasSize(1);
    return sandbox.mail().inbox(to).getFirst();
  }
}
