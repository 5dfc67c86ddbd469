package dev.mailgate.testing;

import static dev.mailgate.testing.JsonApi.body;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A running Mailgate (H2) beside the sandbox, the sandbox provider registered with one profile for
 * SMTP, IMAP and POP3: SMTP, IMAP and POP3 (TLS) accounts of sandbox mailboxes, authorized as the
 * admin does it, mail submitted through the REST API, and the inbound feed's subjects.
 */
public final class SandboxMailgate implements AutoCloseable {

  private final SandboxExtension sandbox;
  private final RunningMailgate mailgate;
  private final OAuthProfile profile;
  private final AdminSession admin;
  private final JsonApi api;

  public SandboxMailgate(SandboxExtension sandbox, Path dataDir, Map<String, Object> properties) {
    this(sandbox, dataDir, properties, null);
  }

  /**
   * As above, with {@code clock} (e.g. a {@link SettableClock}) as Mailgate's clock if not null.
   */
  public SandboxMailgate(
      SandboxExtension sandbox, Path dataDir, Map<String, Object> properties, Clock clock) {
    this.sandbox = sandbox;
    mailgate =
        clock == null
            ? RunningMailgate.start(dataDir, TestDatabase.h2(dataDir), withSandboxTrust(properties))
            : RunningMailgate.start(
                dataDir, TestDatabase.h2(dataDir), withSandboxTrust(properties), clock);
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    profile =
        providers.addProfile(
            provider.id(),
            "Mail",
            List.of("openid", "email", "offline_access", "smtp", "imap", "pop"));
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    api = new JsonApi(mailgate);
  }

  /** The properties plus the sandbox mail server's certificate as trusted. */
  public static Map<String, Object> withSandboxTrust(Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    all.put("mailgate.mail.trust-store", SandboxMailServer.trustStore().toString());
    all.put("mailgate.mail.trust-store-password", SandboxMailServer.TRUST_STORE_PASSWORD);
    return all;
  }

  public RunningMailgate mailgate() {
    return mailgate;
  }

  public AdminSession admin() {
    return admin;
  }

  public OutboxWatch outbox() {
    return new OutboxWatch(api);
  }

  /** An SMTP (smtps) account of this sandbox mailbox, signing in with its authorization. */
  public EmailAccount smtpAccount(String address) {
    return create(TestAccounts.smtp(address).at("localhost", sandbox.ports().smtps()));
  }

  /** An IMAP (imaps) account of this sandbox mailbox, signing in with its authorization. */
  public EmailAccount imapAccount(String address) {
    return create(TestAccounts.imap(address).at("localhost", sandbox.ports().imaps()));
  }

  /** A POP3 (pop3s) account of this sandbox mailbox, signing in with its authorization. */
  public EmailAccount pop3Account(String address) {
    return create(TestAccounts.pop3(address).at("localhost", sandbox.ports().pop3s()));
  }

  /**
   * As {@link #imapAccount}, not active: no reader watches or polls it (an active one is read as
   * soon as it is authorized), it is read only when a test says so ({@code InboundPoll.readNow}).
   */
  public EmailAccount inactiveImapAccount(String address) {
    return create(TestAccounts.imap(address).at("localhost", sandbox.ports().imaps()).inactive());
  }

  /** As {@link #pop3Account}, not active: read only when a test says so. */
  public EmailAccount inactivePop3Account(String address) {
    return create(TestAccounts.pop3(address).at("localhost", sandbox.ports().pop3s()).inactive());
  }

  /** Clicks Authorize (or Re-authorize) on the account and signs in at the sandbox as its owner. */
  public void authorize(EmailAccount account) {
    new BrowserAtProvider().authorizeOrFail(admin, account.id(), account.address());
  }

  /** Queues a plain-text message through {@code POST /api/v1/messages}; returns its outbox id. */
  public String submit(EmailAccount from, String to, String subject) {
    return submit(from, List.of(to), subject);
  }

  /** As {@link #submit(EmailAccount, String, String)}, to several recipients. */
  public String submit(EmailAccount from, List<String> to, String subject) {
    JsonApi.Reply queued =
        api.post(
            "/api/v1/messages",
            body("account", from.id().toString(), "to", to, "subject", subject, "text", subject));
    if (queued.status() != 202) {
      throw new IllegalStateException(
          "submission answered " + queued.status() + ": " + queued.json());
    }
    return queued.text("id");
  }

  /** Puts a new message with this subject into the sandbox mailbox, as if it came from outside. */
  public void deliver(String address, String subject) {
    sandbox
        .mail()
        .deliver(
            address,
            new String(TestMessages.message().subject(subject).raw(), StandardCharsets.UTF_8));
  }

  /** The subjects of the account's inbound feed, in feed order. */
  public List<String> feedSubjects(UUID accountId) {
    return feedSubjects(api, accountId);
  }

  /** The subjects of an account's inbound feed as the REST API gives them, in feed order. */
  public static List<String> feedSubjects(JsonApi api, UUID accountId) {
    JsonApi.Reply page =
        api.get("/api/v1/messages?direction=inbound&limit=500&account=" + accountId);
    if (page.status() != 200) {
      throw new IllegalStateException("feed answered " + page.status() + ": " + page.json());
    }
    List<String> subjects = new ArrayList<>();
    page.json().get("messages").forEach(m -> subjects.add(m.get("subject").asString()));
    return subjects;
  }

  private EmailAccount create(TestAccounts account) {
    return mailgate.bean(JdbcAccountStore.class).create(account.withOAuth(profile.id()).build());
  }

  @Override
  public void close() {
    mailgate.close();
  }
}
