package dev.mailgate.testing;

import static dev.mailgate.testing.JsonApi.body;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.sandbox.dovecot.DovecotExtension;
import dev.mailgate.sandbox.dovecot.DovecotServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A running Mailgate (H2) set up as a new admin sets it up for a real Dovecot + Postfix: the
 * sandbox issuer registered as an OpenID provider by discovery (REST, preset {@code OPENID}, only
 * the issuer URL and the client typed), its default profile with the {@code imap}, {@code pop} and
 * {@code smtp} scopes, and IMAP, POP3 and SMTP accounts on Dovecot's implicit-TLS ports, each of a
 * mailbox of its own, authorized by signing in at the sandbox.
 */
public final class DovecotMailgate implements AutoCloseable {

  private final DovecotExtension dovecot;
  private final RunningMailgate mailgate;
  private final AdminSession admin;
  private final JsonApi api;
  private final UUID profileId;

  public DovecotMailgate(DovecotExtension dovecot, Path dataDir, Map<String, Object> properties) {
    this.dovecot = dovecot;
    mailgate =
        RunningMailgate.start(
            dataDir, TestDatabase.h2(dataDir), SandboxMailgate.withSandboxTrust(properties));
    api = new JsonApi(mailgate);
    JsonApi.Reply provider =
        api.post(
            "/api/v1/providers",
            body(
                "name", "Sandbox by discovery",
                "preset", "OPENID",
                "issuer", dovecot.sandbox().oauth().issuer(),
                "clientId", "mailgate",
                "clientSecret", "sandbox-client-secret",
                "scopes", "imap pop smtp"));
    if (provider.status() != 201) {
      throw new IllegalStateException(
          "registering the provider answered " + provider.status() + ": " + provider.json());
    }
    JsonApi.Reply profiles = api.get("/api/v1/providers/" + JsonApi.id(provider) + "/profiles");
    profileId = UUID.fromString(profiles.json().get(0).get("id").asString());
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
  }

  public RunningMailgate mailgate() {
    return mailgate;
  }

  public JsonApi api() {
    return api;
  }

  public AdminSession admin() {
    return admin;
  }

  public DovecotServer dovecot() {
    return dovecot.server();
  }

  /**
   * A mailbox no test used yet, e.g. {@code imap-1a2b3c4d@mailgate.test}: Dovecot has one for every
   * address of the sandbox domain, the sandbox issuer signs anyone in.
   */
  public static String newMailbox(String kind) {
    return kind + "-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
  }

  /** An IMAP account (imaps) of the mailbox signing in with this mechanism, authorized. */
  public EmailAccount imapAccount(String address, MechanismSetting mechanism) {
    return authorized(
        TestAccounts.imap(address).at(host(), dovecot().ports().imaps()), mechanism, address);
  }

  /** A POP3 account (pop3s) of the mailbox signing in with this mechanism, authorized. */
  public EmailAccount pop3Account(String address, MechanismSetting mechanism) {
    return authorized(
        TestAccounts.pop3(address).at(host(), dovecot().ports().pop3s()), mechanism, address);
  }

  /**
   * An SMTP account at Dovecot submission (implicit TLS) of the mailbox signing in with this
   * mechanism, authorized.
   */
  public EmailAccount smtpAccount(String address, MechanismSetting mechanism) {
    return authorized(
        TestAccounts.smtp(address).at(host(), dovecot().ports().submissions()), mechanism, address);
  }

  private String host() {
    return dovecot().host();
  }

  private EmailAccount authorized(
      TestAccounts account, MechanismSetting mechanism, String identity) {
    EmailAccount saved =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(account.withOAuth(profileId).saslMechanism(mechanism).build());
    new BrowserAtProvider().authorizeOrFail(admin, saved.id(), identity);
    return saved;
  }

  /** Queues a plain-text message through {@code POST /api/v1/messages}; returns its outbox id. */
  public String submit(EmailAccount from, String to, String subject) {
    JsonApi.Reply queued =
        api.post(
            "/api/v1/messages",
            body(
                "account",
                from.id().toString(),
                "to",
                List.of(to),
                "subject",
                subject,
                "text",
                "Sent by Mailgate: " + subject));
    if (queued.status() != 202) {
      throw new IllegalStateException(
          "submission answered " + queued.status() + ": " + queued.json());
    }
    return queued.text("id");
  }

  public OutboxWatch outbox() {
    return new OutboxWatch(api);
  }

  /** Test connection through the REST API, as the account page's button runs it. */
  public JsonApi.Reply testConnection(EmailAccount account) {
    return api.post("/api/v1/accounts/" + account.id() + "/test", Map.of());
  }

  /** The subjects of the account's inbound feed, in feed order. */
  public List<String> feedSubjects(UUID accountId) {
    return SandboxMailgate.feedSubjects(api, accountId);
  }

  @Override
  public void close() {
    mailgate.close();
  }
}
