package dev.mailgate.webhook;

import dev.mailgate.account.AccountError;
import dev.mailgate.bounce.MessageBounced;
import dev.mailgate.bounce.MessageComplained;
import dev.mailgate.credential.CredentialNeedsReauthorization;
import dev.mailgate.credential.CredentialUsers;
import dev.mailgate.credential.CredentialUsers.CredentialUser;
import dev.mailgate.message.MessageReceived;
import dev.mailgate.oauth.CredentialExpiry;
import dev.mailgate.oauth.ProviderCredentialExpiring;
import dev.mailgate.outbound.MessageFailed;
import dev.mailgate.outbound.MessageSent;
import dev.mailgate.outbound.Outbox;
import dev.mailgate.outbound.OutboxEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the facts other features publish into webhook events. The listeners are plain (not
 * after-commit) listeners: they run inside the transaction of the fact, so the event and its
 * deliveries commit or roll back with it and survive any crash after the commit. Once committed,
 * the dispatcher is nudged so delivery starts at once.
 */
@Component
class WebhookEventRecorder {

  private final MatchingSubscriptions subscriptions;
  private final JdbcWebhookEvents events;
  private final Outbox outbox;
  private final CredentialUsers credentialUsers;
  private final WebhookDispatcher dispatcher;
  private final JsonMapper json;
  private final Clock clock;

  WebhookEventRecorder(
      MatchingSubscriptions subscriptions,
      JdbcWebhookEvents events,
      Outbox outbox,
      CredentialUsers credentialUsers,
      WebhookDispatcher dispatcher,
      JsonMapper json,
      Clock clock) {
    this.subscriptions = subscriptions;
    this.events = events;
    this.outbox = outbox;
    this.credentialUsers = credentialUsers;
    this.dispatcher = dispatcher;
    this.json = json;
    this.clock = clock;
  }

  @EventListener
  void on(MessageReceived e) {
    record(
        EventType.MESSAGE_RECEIVED,
        e.accountId(),
        List.of(),
        e.receivedAt(),
        () -> {
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("message", e.messageId());
          data.put("messageIdHeader", e.messageIdHeader());
          data.put("from", e.from());
          data.put("subject", e.subject());
          data.put("folder", e.folder());
          data.put("receivedAt", e.receivedAt().toString());
          data.put("link", "/api/v1/messages/" + e.messageId());
          return data;
        });
  }

  /** The entry is read only if someone subscribes: most messages are sent with no one listening. */
  @EventListener
  void on(MessageSent e) {
    record(
        EventType.MESSAGE_SENT,
        e.accountId(),
        List.of(),
        e.sentAt(),
        () -> {
          OutboxEntry entry = outbox.find(e.outboxId());
          Map<String, Object> data = outboxData(entry);
          data.put("recipientResults", entry.recipientResults());
          data.put("sentAt", e.sentAt().toString());
          return data;
        });
  }

  @EventListener
  void on(MessageFailed e) {
    record(
        EventType.MESSAGE_FAILED,
        e.accountId(),
        List.of(),
        e.failedAt(),
        () -> {
          Map<String, Object> data = outboxData(outbox.find(e.outboxId()));
          data.put("reply", e.reply());
          data.put("failedAt", e.failedAt().toString());
          return data;
        });
  }

  @EventListener
  void on(MessageBounced e) {
    report(
        EventType.MESSAGE_BOUNCED,
        e.outboxId(),
        e.accountId(),
        e.recipient(),
        e.reportMessage(),
        "bouncedAt",
        e.reportedAt(),
        data -> {
          data.put("action", e.action());
          data.put("status", e.status());
          data.put("reason", e.reason());
        });
  }

  @EventListener
  void on(MessageComplained e) {
    report(
        EventType.MESSAGE_COMPLAINED,
        e.outboxId(),
        e.accountId(),
        e.recipient(),
        e.reportMessage(),
        "complainedAt",
        e.reportedAt(),
        data -> {
          data.put("feedbackType", e.feedbackType());
          data.put("userAgent", e.userAgent());
        });
  }

  /**
   * A report about a sent message (a DSN's bounce, an ARF complaint): the message's data, the
   * recipient it is about, the report's own fields, the stored report message and when it came.
   */
  private void report(
      EventType type,
      UUID outboxId,
      UUID accountId,
      String recipient,
      UUID reportMessage,
      String reportedAtField,
      Instant reportedAt,
      Consumer<Map<String, Object>> reportFields) {
    record(
        type,
        accountId,
        List.of(),
        reportedAt,
        () -> {
          Map<String, Object> data = outboxData(outbox.find(outboxId));
          data.put("recipient", recipient);
          reportFields.accept(data);
          data.put("report", reportMessage);
          data.put(reportedAtField, reportedAt.toString());
          return data;
        });
  }

  @EventListener
  void on(AccountError e) {
    Instant at = e.occurredAt() == null ? clock.instant() : e.occurredAt();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("source", e.source());
    data.put("detail", e.detail());
    data.put("consecutiveFailures", e.consecutiveFailures());
    record(EventType.ACCOUNT_ERROR, e.accountId(), List.of(), at, () -> data);
  }

  @EventListener
  void on(CredentialNeedsReauthorization e) {
    List<UUID> accounts =
        credentialUsers.accountsUsing(e.providerId(), e.identity()).stream()
            .map(CredentialUser::accountId)
            .toList();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("credential", e.credentialId());
    data.put("identity", e.identity());
    data.put("reason", e.reason());
    data.put("accounts", accounts);
    record(EventType.CREDENTIAL_NEEDS_REAUTHORIZATION, null, accounts, e.occurredAt(), () -> data);
  }

  @EventListener
  void on(ProviderCredentialExpiring e) {
    CredentialExpiry expiry = e.expiry();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("provider", expiry.providerId());
    data.put("providerName", expiry.providerName());
    data.put("credential", expiry.kind().name().toLowerCase(Locale.ROOT));
    data.put("expiresAt", expiry.expiresAt().toString());
    data.put("daysLeft", expiry.daysLeft());
    data.put("threshold", expiry.threshold());
    data.put("expired", expiry.expired());
    data.put("summary", expiry.summary());
    data.put("action", expiry.action());
    record(EventType.PROVIDER_CREDENTIAL_EXPIRING, null, List.of(), clock.instant(), () -> data);
  }

  private static Map<String, Object> outboxData(OutboxEntry entry) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("outboxId", entry.id());
    data.put("message", entry.message());
    data.put("messageIdHeader", entry.messageIdHeader());
    data.put("recipients", entry.recipients());
    data.put("attempts", entry.attempts());
    return data;
  }

  /**
   * @param account the account the event is about, or null
   * @param relatedAccounts for an event about no one account: the accounts it concerns, for
   *     subscriptions that filter by account
   */
  private void record(
      EventType type,
      UUID account,
      List<UUID> relatedAccounts,
      Instant occurredAt,
      Supplier<Map<String, Object>> details) {
    List<UUID> targets =
        subscriptions.matching(type, account == null ? relatedAccounts : List.of(account));
    if (targets.isEmpty()) {
      return; // nobody listens: nothing to keep
    }
    Map<String, Object> data = details.get();
    UUID id = UUID.randomUUID();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("type", type.wireName());
    body.put("occurredAt", occurredAt.toString());
    body.put("account", account);
    body.put("data", data);
    String orderingKey =
        account != null
            ? account.toString()
            : type.wireName() + ":" + data.getOrDefault("provider", data.get("credential"));
    events.insert(
        new JdbcWebhookEvents.NewEvent(
            id, type, account, orderingKey, json.writeValueAsString(body), occurredAt),
        targets,
        clock.instant());
    afterCommit(() -> targets.forEach(dispatcher::nudge));
  }

  private static void afterCommit(Runnable action) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              action.run();
            }
          });
    } else {
      action.run();
    }
  }
}
