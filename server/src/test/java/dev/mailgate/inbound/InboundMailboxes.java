package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.BrowserAtProvider;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A running Mailgate beside the sandbox, with the sandbox provider registered: gives each test a
 * fresh sandbox mailbox with an IMAP or POP3 account authorized through Mailgate (XOAUTH2), and the
 * inbound feed's subjects.
 */
public final class InboundMailboxes implements AutoCloseable {

  private final SandboxExtension sandbox;
  private final RunningMailgate mailgate;
  private final OAuthProfile profile;
  private final AdminSession admin;
  private final JsonApi api;

  public InboundMailboxes(SandboxExtension sandbox, Path dataDir, Map<String, Object> properties) {
    this(sandbox, dataDir, TestDatabase.h2(dataDir), properties);
  }

  public InboundMailboxes(
      SandboxExtension sandbox,
      Path dataDir,
      TestDatabase database,
      Map<String, Object> properties) {
    this.sandbox = sandbox;
    mailgate =
        RunningMailgate.start(dataDir, database, SandboxMailgate.withSandboxTrust(properties));
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    profile =
        providers.addProfile(
            provider.id(), "Read", List.of("openid", "email", "offline_access", "imap", "pop"));
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    api = new JsonApi(mailgate);
  }

  public RunningMailgate mailgate() {
    return mailgate;
  }

  /** A new sandbox mailbox and an authorized IMAP (imaps) account reading it. */
  public EmailAccount imapAccount(String address) {
    sandbox.mail().addOAuthMailbox(address);
    return imapAccountOfExistingMailbox(address);
  }

  /** An authorized IMAP (imaps) account reading a sandbox mailbox that exists already. */
  EmailAccount imapAccountOfExistingMailbox(String address) {
    return authorized(
        TestAccounts.imap(address)
            .named("imap " + address)
            .at("localhost", sandbox.sandbox().ports().imaps())
            .withOAuth(profile.id())
            .build(),
        address);
  }

  /**
   * A new sandbox mailbox and an authorized IMAP (imaps) account that is not active: no node
   * watches or polls it, it is read only when a test says so ({@code InboundPoll.readNow}).
   */
  EmailAccount inactiveImapAccount(String address) {
    sandbox.mail().addOAuthMailbox(address);
    return authorized(
        TestAccounts.imap(address)
            .named("imap " + address)
            .at("localhost", sandbox.sandbox().ports().imaps())
            .withOAuth(profile.id())
            .inactive()
            .build(),
        address);
  }

  /**
   * A new sandbox mailbox and an authorized POP3 (pop3s) account that is not active: read only when
   * a test says so.
   */
  EmailAccount inactivePop3Account(String address) {
    sandbox.mail().addOAuthMailbox(address);
    return authorized(
        TestAccounts.pop3(address)
            .named("pop3 " + address)
            .at("localhost", sandbox.sandbox().ports().pop3s())
            .withOAuth(profile.id())
            .inactive()
            .build(),
        address);
  }

  /** A new sandbox mailbox and an authorized POP3 (pop3s) account reading it. */
  EmailAccount pop3Account(String address) {
    sandbox.mail().addOAuthMailbox(address);
    return authorized(
        TestAccounts.pop3(address)
            .named("pop3 " + address)
            .at("localhost", sandbox.sandbox().ports().pop3s())
            .withOAuth(profile.id())
            .build(),
        address);
  }

  /** A new sandbox mailbox and an IMAP (imaps) account for it, not yet authorized. */
  EmailAccount unauthorizedImapAccount(String address) {
    sandbox.mail().addOAuthMailbox(address);
    return mailgate
        .bean(JdbcAccountStore.class)
        .create(
            TestAccounts.imap(address)
                .named("imap " + address)
                .at("localhost", sandbox.sandbox().ports().imaps())
                .withOAuth(profile.id())
                .build());
  }

  /** Authorizes the account (again) as {@code identity}, as Authorize in the UI does. */
  void authorize(EmailAccount account, String identity) {
    new BrowserAtProvider().authorize(admin, account.id(), identity);
  }

  private EmailAccount authorized(dev.mailgate.account.NewAccount account, String identity) {
    EmailAccount created = mailgate.bean(JdbcAccountStore.class).create(account);
    new BrowserAtProvider().authorize(admin, created.id(), identity);
    return created;
  }

  /** The subjects of the account's inbound feed, in feed order. */
  List<String> feedSubjects(UUID accountId) {
    return SandboxMailgate.feedSubjects(api, accountId);
  }

  /** The account's inbound feed, each entry as "folder: subject", in feed order. */
  List<String> feedWithFolders(UUID accountId) {
    JsonApi.Reply page = api.get("/api/v1/messages?direction=inbound&account=" + accountId);
    List<String> entries = new ArrayList<>();
    for (JsonNode entry : page.json().get("messages")) {
      entries.add(entry.get("folder").asString() + ": " + entry.get("subject").asString());
    }
    return entries;
  }

  /**
   * Waits a moment after a watch reached IDLE: GreenMail answers IDLE before it listens to the
   * folder, so mail delivered in that instant is not announced (see ImapIdleTest).
   */
  static void letIdleSettle() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static String address(String kind) {
    return kind + "-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
  }

  public static String raw(String to, String subject) {
    return "From: customer@example.org\r\nTo: "
        + to
        + "\r\nSubject: "
        + subject
        + "\r\nMessage-ID: <"
        + UUID.randomUUID()
        + "@example.org>\r\n\r\nPlease help with "
        + subject
        + "\r\n";
  }

  @Override
  public void close() {
    mailgate.close();
  }
}
