package dev.mailgate.message;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.mail.message.MailAddress;
import dev.mailgate.mail.message.MessageParser;
import dev.mailgate.mail.message.ParsedMessage;
import dev.mailgate.mail.report.Reports;
import dev.mailgate.system.NotFoundException;
import dev.mailgate.system.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores messages once. Each message is parsed (never failing: see {@link MessageParser}) and
 * written with its raw bytes, parsed fields and attachments in one transaction. A message already
 * stored, by its source key or by Message-ID and content, is not stored again: the database's
 * unique constraints decide, so concurrent readers and several nodes are safe, and the caller
 * learns which stored message it was.
 */
@Service
public class MessageStore {

  private static final int ATTEMPTS = 3;

  private final JdbcMessageStore store;
  private final OwnAddresses ownAddresses;
  private final JdbcAccountStore accounts;
  private final TransactionTemplate transaction;
  private final MessageProperties properties;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  MessageStore(
      JdbcMessageStore store,
      OwnAddresses ownAddresses,
      JdbcAccountStore accounts,
      TransactionTemplate transaction,
      MessageProperties properties,
      ApplicationEventPublisher events,
      Clock clock) {
    this.store = store;
    this.ownAddresses = ownAddresses;
    this.accounts = accounts;
    this.transaction = transaction;
    this.properties = properties;
    this.events = events;
    this.clock = clock;
  }

  /** Stores a message fetched from a mailbox, unless it is stored already. */
  public StoreResult storeInbound(UUID accountId, SourceKey source, byte[] raw) {
    return store(accountId, Direction.INBOUND, source, raw);
  }

  /**
   * Of an account's source keys, those a message is stored under already, with the message: lets a
   * reader skip fetching what it has (POP3 UIDLs, IMAP UIDs after a resync), one query for many.
   */
  public Map<SourceKey, UUID> stored(UUID accountId, List<SourceKey> sources) {
    return store.findBySources(accountId, sources);
  }

  /**
   * Stores a copy of a message Mailgate is about to send through the account, in the caller's
   * transaction. The account is the caller's to check (the outbox has just resolved it).
   */
  public StoreResult storeOutbound(UUID accountId, byte[] raw) {
    return store(
        prepare(accountId, Direction.OUTBOUND, SourceKey.none(), raw, ownAddresses::isOwn));
  }

  /**
   * Stores copies of many messages Mailgate is about to send (a bulk submission) in the caller's
   * transaction, and returns the stored message of each, in order. A message stored before, or
   * twice in the list (same account, Message-ID and content), is stored once, as {@link
   * #storeOutbound} does. The accounts are the caller's to check.
   */
  public List<UUID> storeOutboundAll(List<OutboundCopy> copies) {
    List<NewMessage> messages =
        copies.stream()
            .map(
                c ->
                    prepare(
                        c.accountId(),
                        Direction.OUTBOUND,
                        SourceKey.none(),
                        c.raw(),
                        ownAddresses::isOwn))
            .toList();
    return insertNew(messages).stream().map(StoreResult::messageId).toList();
  }

  /** One message of a bulk submission and the account that sends it. */
  public record OutboundCopy(UUID accountId, byte[] raw) {}

  /**
   * Gets messages fetched from a mailbox ready to be stored with {@link
   * #storeInbound(InboundBatch)}: parses them, on any thread and outside a transaction, so a reader
   * can do it while the chunk before is being written.
   */
  public InboundBatch prepareInbound(UUID accountId, List<FetchedMessage> fetched) {
    requireAccount(accountId);
    Predicate<MailAddress> own = ownAddresses.now();
    return new InboundBatch(
        fetched.stream()
            .map(f -> prepare(accountId, Direction.INBOUND, f.source(), f.raw(), own))
            .toList());
  }

  /**
   * Stores messages fetched from a mailbox in one transaction, each unless it is stored already (by
   * source key, or by Message-ID and content, also within the list): all of them or, on a failure,
   * none. One commit for many messages is what makes a large mailbox quick to read (one commit is a
   * file write on H2). A collision with a concurrent writer stores them one by one instead.
   */
  public List<StoreResult> storeInbound(InboundBatch batch) {
    List<NewMessage> messages = batch.messages();
    try {
      return transaction.execute(status -> insertNew(messages));
    } catch (DuplicateKeyException | PessimisticLockingFailureException e) {
      // another caller stored one of them first (or held its row): one by one, each retried
      return messages.stream().map(this::store).toList();
    }
  }

  /**
   * Inserts those of the messages not stored yet (a reader's chunk, a bulk submission; one or more
   * accounts), in the caller's transaction; stored inbound ones are announced. Their feed positions
   * are taken before the rows are written, so each row is written once, whole (writing the position
   * afterwards rewrote every row with its raw bytes); the counter row stays locked for the inserts
   * and the commit, the length of one chunk (ADR 0016).
   */
  private List<StoreResult> insertNew(List<NewMessage> messages) {
    List<StoreResult> results = new ArrayList<>();
    List<NewMessage> fresh = new ArrayList<>();
    Map<UUID, UUID> storedBefore = new HashMap<>();
    messages.stream()
        .collect(Collectors.groupingBy(NewMessage::accountId))
        .forEach(
            (account, ofAccount) ->
                storedBefore.putAll(
                    store.findStored(account, ofAccount.getFirst().direction(), ofAccount)));
    Map<String, UUID> inThisBatch = new HashMap<>();
    for (NewMessage message : messages) {
      String sameMessage =
          message.accountId() + "/" + message.messageIdSha256() + "/" + message.contentSha256();
      Optional<UUID> stored =
          Optional.ofNullable(storedBefore.get(message.id()))
              .or(() -> Optional.ofNullable(inThisBatch.get(sameMessage)));
      if (stored.isPresent()) {
        results.add(new StoreResult.Duplicate(stored.get()));
      } else {
        inThisBatch.put(sameMessage, message.id());
        fresh.add(message);
        results.add(new StoreResult.Stored(message.id()));
      }
    }
    if (fresh.isEmpty()) {
      return results;
    }
    store.insertAll(fresh);
    fresh.stream()
        .filter(message -> message.direction() == Direction.INBOUND)
        .forEach(message -> events.publishEvent(received(message)));
    return results;
  }

  private StoreResult store(UUID accountId, Direction direction, SourceKey source, byte[] raw) {
    requireAccount(accountId);
    return store(prepare(accountId, direction, source, raw, ownAddresses::isOwn));
  }

  private void requireAccount(UUID accountId) {
    if (accounts.find(accountId).isEmpty()) {
      throw new NotFoundException("account", accountId);
    }
  }

  private NewMessage prepare(
      UUID accountId,
      Direction direction,
      SourceKey source,
      byte[] raw,
      Predicate<MailAddress> own) {
    ParsedMessage parsed = MessageParser.parse(raw, properties.limits());
    return new NewMessage(
        UUID.randomUUID(),
        accountId,
        direction,
        clock.instant(),
        source,
        raw,
        Sha256.hex(raw),
        Sha256.hex(parsed.messageId() == null ? new byte[0] : utf8(parsed.messageId())),
        parsed,
        direction == Direction.INBOUND && own.test(parsed.sender()));
  }

  private StoreResult store(NewMessage message) {
    for (int attempt = 1; ; attempt++) {
      Optional<UUID> stored = store.findStored(message);
      if (stored.isPresent()) {
        return new StoreResult.Duplicate(stored.get());
      }
      try {
        transaction.executeWithoutResult(
            status -> {
              store.insert(message);
              if (message.direction() == Direction.INBOUND) {
                events.publishEvent(received(message));
              }
            });
        return new StoreResult.Stored(message.id());
      } catch (DuplicateKeyException | PessimisticLockingFailureException e) {
        // another caller stored it first (or held its row): look again what is stored
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static MessageReceived received(NewMessage m) {
    ParsedMessage p = m.parsed();
    return new MessageReceived(
        m.id(),
        m.accountId(),
        p.messageId(),
        p.sender() == null ? null : p.sender().address(),
        p.subject(),
        m.source().folder(),
        m.receivedAt(),
        Reports.mayBeReport(p));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
