package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.mail.compose.MessageComposer;
import dev.mailgate.mail.compose.RawMessage;
import dev.mailgate.message.MessageStore;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.MailgateException;
import dev.mailgate.system.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * A checked message with everything the outbox row needs, not queued yet; {@code sendAt} null to
   * send at once.
   */
  record ReadyToQueue(
      EmailAccount account,
      byte[] raw,
      String messageIdHeader,
      List<String> recipients,
      Instant sendAt) {

    ReadyToQueue(
        EmailAccount account, byte[] raw, String messageIdHeader, List<String> recipients) {
      this(account, raw, messageIdHeader, recipients, null);
    }

    ReadyToQueue at(Instant time) {
      return new ReadyToQueue(account, raw, messageIdHeader, recipients, time);
    }
  }

  Submitted submit(Submission submission, String idempotencyKey) {
    return enqueue(idempotencyKey, () -> composed(submission, senders));
  }

  /**
   * Queues a message the application wrote itself ({@code message/rfc822}), sent through {@code
   * account} if given, else the account of its From address, else the default; to {@code
   * recipients} if given, else to its To, Cc and Bcc.
   */
  Submitted submitRaw(
      byte[] raw, String account, List<String> recipients, String sendAt, String idempotencyKey) {
    return enqueue(idempotencyKey, () -> rawChecked(raw, account, recipients, sendAt, senders));
  }

  private ReadyToQueue rawChecked(
      byte[] raw, String account, List<String> recipients, String sendAt, SenderAccounts senders) {
    Instant at = sendAt("sendAt", sendAt);
    checkSize("message", raw.length);
    RawMessage message = RawSubmissionRules.read(raw);
    EmailAccount sender = senders.resolve(account, RawSubmissionRules.fromAddress(message));
    ReadyToQueue ready =
        RawSubmissionRules.prepare(
            message, sender, recipients, () -> messageId(sender.address()), clock.instant());
    RecipientLimits.checkEnvelope(
        properties,
        recipients == null || recipients.isEmpty() ? "to" : "recipient",
        ready.recipients());
    checkSize("message", ready.raw().length);
    GraphRequestLimit.check("message", ready);
    return ready.at(at);
  }

  private Instant sendAt(String field, String value) {
    return SendTimes.parse(field, value, clock.instant(), properties.maxScheduleAhead());
  }

  /**
   * One message of a bulk submission: a JSON {@code submission}, or {@code raw}, the base64 of an
   * RFC 5322 message, with the {@code account}, {@code recipients} and {@code sendAt} a {@code
   * message/rfc822} submission takes as parameters.
   */
  record BatchItem(
      String idempotencyKey,
      Submission submission,
      String raw,
      String account,
      List<String> recipients,
      String sendAt) {}

  /** What became of one message of a bulk submission: queued (or replayed), or refused. */
  record BatchOutcome(Submitted submitted, MailgateException refused) {}

  /**
   * Queues many messages at once (ADR 0017): each is checked as its single submission would be, and
   * those that pass are stored and queued in one transaction, with one batch of statements per
   * table instead of a round of them per message. A refused message does not stop the others; an
   * idempotency key seen before (or earlier in the same batch) replays its entry.
   */
  List<BatchOutcome> submitBatch(List<BatchItem> items) {
    if (items == null || items.isEmpty()) {
      throw new InvalidInputException("messages", "Give at least one message to send.");
    }
    if (items.size() > properties.maxBatch()) {
      throw new InvalidInputException(
          "messages",
          "A batch holds at most "
              + properties.maxBatch()
              + " messages and this one has "
              + items.size()
              + "; split it into smaller ones.");
    }
    BatchOutcome[] outcomes = new BatchOutcome[items.size()];
    String[] keys = new String[items.size()];
    List<String> given = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        if (items.get(i) == null) {
          throw new InvalidInputException(
              "submission", "This entry is empty; give a submission or a raw message.");
        }
        keys[i] = idempotencyKey(items.get(i).idempotencyKey());
        if (keys[i] != null) {
          given.add(keys[i]);
        }
      } catch (MailgateException e) {
        outcomes[i] = new BatchOutcome(null, e);
      }
    }
    Map<String, OutboxEntry> byKey = new HashMap<>(outbox.findByIdempotencyKeys(given));
    Map<String, Integer> firstWithKey = new HashMap<>();
    List<Integer> toQueue = new ArrayList<>();
    List<ReadyToQueue> ready = new ArrayList<>();
    SenderAccounts batchSenders = senders.remembering();
    for (int i = 0; i < items.size(); i++) {
      if (outcomes[i] != null
          || (keys[i] != null
              && (byKey.containsKey(keys[i]) || firstWithKey.putIfAbsent(keys[i], i) != null))) {
        continue; // refused, or replayed below
      }
      try {
        ready.add(checked(items.get(i), batchSenders));
        toQueue.add(i);
      } catch (MailgateException e) {
        outcomes[i] = new BatchOutcome(null, e);
        if (keys[i] != null) {
          firstWithKey.remove(keys[i]); // a later message with the key may still be queued
        }
      }
    }
    List<Submitted> queued = queueAll(ready, toQueue.stream().map(i -> keys[i]).toList());
    for (int n = 0; n < toQueue.size(); n++) {
      outcomes[toQueue.get(n)] = new BatchOutcome(queued.get(n), null);
      if (keys[toQueue.get(n)] != null) {
        byKey.put(keys[toQueue.get(n)], queued.get(n).entry());
      }
    }
    for (int i = 0; i < items.size(); i++) {
      if (outcomes[i] == null) {
        outcomes[i] = new BatchOutcome(new Submitted(byKey.get(keys[i]), true), null);
      }
    }
    return List.of(outcomes);
  }

  private ReadyToQueue checked(BatchItem item, SenderAccounts senders) {
    if ((item.submission() == null) == (item.raw() == null)) {
      throw new InvalidInputException(
          "submission",
          "Give each message either as \"submission\" (JSON) or as \"raw\" (base64 of the"
              + " RFC 5322 message), not both and not neither.");
    }
    if (item.submission() != null) {
      return composed(item.submission(), senders);
    }
    byte[] raw;
    try {
      // strict, but line breaks as MIME writes base64 are fine
      raw = base64(item.raw());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "raw", "This is not base64 (" + e.getMessage() + "); encode the whole RFC 5322 message.");
    }
    return rawChecked(raw, item.account(), item.recipients(), item.sendAt(), senders);
  }

  /**
   * The bytes of base64 text, which may be broken into lines. Decoded as it is first: the strict
   * decoder refuses any whitespace, so what it accepts has none, and the common case costs no scan
   * of its own (the scan of a 1 MiB message's 1.4 million characters took twice the decoding's
   * samples).
   */
  private static byte[] base64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException withWhitespace) {
      return Base64.getDecoder().decode(withoutWhitespace(text));
    }
  }

  /**
   * The text without the whitespace {@code \s} matches (space, tab, line breaks, VT, FF), as MIME
   * breaks base64 into lines; the text itself when it has none. A scan rather than a regular
   * expression: the regex's replaceAll was 44% of the batch controller's samples (1 MiB messages).
   */
  private static String withoutWhitespace(String text) {
    int first = 0;
    while (first < text.length() && !whitespace(text.charAt(first))) {
      first++;
    }
    if (first == text.length()) {
      return text;
    }
    StringBuilder kept = new StringBuilder(text.length()).append(text, 0, first);
    for (int i = first + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!whitespace(c)) {
        kept.append(c);
      }
    }
    return kept.toString();
  }

  private static boolean whitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /**
   * Stores and queues checked messages in one transaction. A key another request queued since it
   * was looked up fails the whole transaction; then each message is queued on its own, so each
   * finds its first entry or is queued once.
   */
  private List<Submitted> queueAll(List<ReadyToQueue> ready, List<String> keys) {
    if (ready.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<JdbcOutbox.NewEntry> entries = new ArrayList<>();
    try {
      transaction.executeWithoutResult(
          status -> {
            List<UUID> stored =
                messages.storeOutboundAll(
                    ready.stream()
                        .map(r -> new MessageStore.OutboundCopy(r.account().id(), r.raw()))
                        .toList());
            for (int n = 0; n < ready.size(); n++) {
              entries.add(newEntry(ready.get(n), stored.get(n), keys.get(n), now));
            }
            outbox.insertAll(entries);
          });
    } catch (DuplicateKeyException e) {
      List<Submitted> oneByOne = new ArrayList<>();
      for (int n = 0; n < ready.size(); n++) {
        ReadyToQueue r = ready.get(n);
        oneByOne.add(enqueue(keys.get(n), () -> r));
      }
      return oneByOne;
    }
    ready.forEach(r -> metrics.queued());
    ready.stream().map(r -> r.account().id()).distinct().forEach(accountSenders::wake);
    return entries.stream().map(e -> new Submitted(e.queued(), false)).toList();
  }

  /**
   * Queues a message handed over by SMTP to the envelope {@code recipients}, sent through {@code
   * account}; checked like a REST submission. SMTP has no idempotency key.
   */
  public OutboxEntry submitBySmtp(UUID account, List<String> recipients, byte[] raw) {
    return submitRaw(raw, account.toString(), recipients, null, null).entry();
  }

  private ReadyToQueue composed(Submission submission, SenderAccounts senders) {
    Instant at = sendAt("sendAt", submission.sendAt());
    RecipientLimits.check(properties, submission);
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
    ReadyToQueue ready = new ReadyToQueue(account, raw, messageId, checked.recipients(), at);
    GraphRequestLimit.check(
        submission.attachments() == null || submission.attachments().isEmpty()
            ? "text"
            : "attachments",
        ready);
    return ready;
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

  /** The key as stored, or null if none is given. */
  private static String idempotencyKey(String given) {
    String key = given == null || given.isBlank() ? null : given.strip();
    if (key != null && key.length() > MAX_KEY_LENGTH) {
      throw new InvalidInputException(
          "Idempotency-Key", "The key is longer than " + MAX_KEY_LENGTH + " characters.");
    }
    return key;
  }

  private static JdbcOutbox.NewEntry newEntry(
      ReadyToQueue ready, UUID storedMessage, String key, Instant now) {
    return new JdbcOutbox.NewEntry(
        UUID.randomUUID(),
        ready.account().id(),
        storedMessage,
        ready.messageIdHeader(),
        key,
        ready.account().address(),
        ready.recipients(),
        now,
        ready.sendAt());
  }

  private Submitted enqueue(String idempotencyKey, Supplier<ReadyToQueue> check) {
    String key = idempotencyKey(idempotencyKey);
    Optional<OutboxEntry> earlier =
        key == null ? Optional.empty() : outbox.findByIdempotencyKey(key);
    if (earlier.isPresent()) {
      return new Submitted(earlier.get(), true);
    }
    ReadyToQueue ready = check.get();
    Instant now = clock.instant();
    JdbcOutbox.NewEntry[] entry = new JdbcOutbox.NewEntry[1];
    try {
      transaction.executeWithoutResult(
          status -> {
            UUID stored = messages.storeOutbound(ready.account().id(), ready.raw()).messageId();
            entry[0] = newEntry(ready, stored, key, now);
            outbox.insert(entry[0]);
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
    accountSenders.wake(ready.account().id());
    return new Submitted(entry[0].queued(), false);
  }

  /**
   * The entries that sent a message with any of these Message-IDs (with angle brackets, as sent),
   * newest first: what a report about one of them is tied to (ADR 0028).
   */
  public List<OutboxEntry> findByMessageIds(List<String> messageIdHeaders) {
    return outbox.findByMessageIdHeaders(messageIdHeaders);
  }

  public OutboxEntry find(UUID id) {
    return outbox.find(id).orElseThrow(() -> new NotFoundException("outbox entry", id));
  }

  private static String messageId(String address) {
    String domain = address.substring(address.lastIndexOf('@') + 1);
    return "<" + UUID.randomUUID() + "@" + domain + ">";
  }
}
