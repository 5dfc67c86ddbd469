package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.mail.compose.MessageComposer;
import dev.mailgate.mail.compose.RawMessage;
import dev.mailgate.message.MessageStore;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts mail to send. A submission is checked, composed once (the Message-ID assigned here is the
 * one every attempt sends), stored as an outbound message and queued, in one transaction: a queued
 * entry always has its content. An {@code Idempotency-Key} is unique in the table, so a client
 * retrying after a lost response, even concurrently, gets the first entry back.
 */
@Service
public class Outbox {

  private static final int MAX_KEY_LENGTH = 200;

  private final SenderAccounts senders;
  private final MessageStore messages;
  private final JdbcOutbox outbox;
  private final TransactionTemplate transaction;
  private final OutboundProperties properties;
  private final AccountSenders accountSenders;
  private final OutboxMetrics metrics;
  private final Clock clock;

  Outbox(
      SenderAccounts senders,
      MessageStore messages,
      JdbcOutbox outbox,
      PlatformTransactionManager transactions,
      OutboundProperties properties,
      AccountSenders accountSenders,
      OutboxMetrics metrics,
      Clock clock) {
    this.metrics = metrics;
    this.senders = senders;
    this.messages = messages;
    this.outbox = outbox;
    this.transaction = new TransactionTemplate(transactions);
    this.properties = properties;
    this.accountSenders = accountSenders;
    this.clock = clock;
  }

  /** The result of a submission, and whether it is the first one under its idempotency key. */
  record Submitted(OutboxEntry entry, boolean replayed) {}

  /** A checked message with everything the outbox row needs, not queued yet. */
  record ReadyToQueue(
      EmailAccount account, byte[] raw, String messageIdHeader, List<String> recipients) {}

  Submitted submit(Submission submission, String idempotencyKey) {
    return enqueue(idempotencyKey, () -> composed(submission));
  }

  /**
   * Queues a message the application wrote itself ({@code message/rfc822}), sent through {@code
   * account} if given, else the account of its From address, else the default; to {@code
   * recipients} if given, else to its To, Cc and Bcc.
   */
  Submitted submitRaw(byte[] raw, String account, List<String> recipients, String idempotencyKey) {
    return enqueue(
        idempotencyKey,
        () -> {
          checkSize("message", raw.length);
          RawMessage message = RawSubmissionRules.read(raw);
          EmailAccount sender = senders.resolve(account, RawSubmissionRules.fromAddress(message));
          ReadyToQueue ready =
              RawSubmissionRules.prepare(
                  message, sender, recipients, () -> messageId(sender.address()), clock.instant());
          checkSize("message", ready.raw().length);
          return ready;
        });
  }

  /**
   * Queues a message handed over by SMTP to the envelope {@code recipients}, sent through {@code
   * account}; checked like a REST submission. SMTP has no idempotency key.
   */
  public OutboxEntry submitBySmtp(UUID account, List<String> recipients, byte[] raw) {
    return submitRaw(raw, account.toString(), recipients, null).entry();
  }

  private ReadyToQueue composed(Submission submission) {
    String fromAddress = SubmissionRules.fromAddress(submission);
    EmailAccount account = senders.resolve(submission, fromAddress);
    String from = submission.from() == null ? account.address() : submission.from().strip();
    String messageId = messageId(account.address());
    SubmissionRules.Checked checked = SubmissionRules.check(submission, from, messageId);
    byte[] raw = MessageComposer.compose(checked.message(), clock.instant());
    checkSize(
        submission.attachments() == null || submission.attachments().isEmpty()
            ? "text"
            : "attachments",
        raw.length);
    return new ReadyToQueue(account, raw, messageId, checked.recipients());
  }

  private void checkSize(String field, long size) {
    long limit = properties.maxMessageSize().toBytes();
    if (size > limit) {
      throw new InvalidInputException(
          field,
          "The message is "
              + size
              + " bytes as MIME, over the limit of "
              + limit
              + " bytes; send smaller attachments or a link.");
    }
  }

  private Submitted enqueue(String idempotencyKey, Supplier<ReadyToQueue> check) {
    String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
    if (key != null && key.length() > MAX_KEY_LENGTH) {
      throw new InvalidInputException(
          "Idempotency-Key", "The key is longer than " + MAX_KEY_LENGTH + " characters.");
    }
    Optional<OutboxEntry> earlier =
        key == null ? Optional.empty() : outbox.findByIdempotencyKey(key);
    if (earlier.isPresent()) {
      return new Submitted(earlier.get(), true);
    }
    ReadyToQueue ready = check.get();
    Instant now = clock.instant();
    UUID id = UUID.randomUUID();
    try {
      transaction.executeWithoutResult(
          status -> {
            UUID stored = messages.storeOutbound(ready.account().id(), ready.raw()).messageId();
            outbox.insert(
                new JdbcOutbox.NewEntry(
                    id,
                    ready.account().id(),
                    stored,
                    ready.messageIdHeader(),
                    key,
                    ready.account().address(),
                    ready.recipients(),
                    now));
          });
    } catch (DuplicateKeyException e) {
      // a concurrent request with the same key queued first
      if (key != null) {
        Optional<OutboxEntry> first = outbox.findByIdempotencyKey(key);
        if (first.isPresent()) {
          return new Submitted(first.get(), true);
        }
      }
      throw e;
    }
    metrics.queued();
    OutboxEntry queued = find(id);
    accountSenders.wake(ready.account().id());
    return new Submitted(queued, false);
  }

  public OutboxEntry find(UUID id) {
    return outbox.find(id).orElseThrow(() -> new NotFoundException("outbox entry", id));
  }

  private static String messageId(String address) {
    String domain = address.substring(address.lastIndexOf('@') + 1);
    return "<" + UUID.randomUUID() + "@" + domain + ">";
  }
}
