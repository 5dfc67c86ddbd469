package dev.mailgate.message;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.mail.message.MessageParser;
import dev.mailgate.mail.message.ParsedMessage;
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
   * The message already stored for an account under a source key, if any: lets a reader skip
   * fetching what it has (a POP3 UIDL, an IMAP UID after a resync).
   */
  public Optional<UUID> stored(UUID accountId, SourceKey source) {
    return store.findBySource(accountId, source);
  }

  /** Stores a copy of a message Mailgate sent through the account. */
  public StoreResult storeOutbound(UUID accountId, byte[] raw) {
    return store(accountId, Direction.OUTBOUND, SourceKey.none(), raw);
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
            .map(c -> newMessage(c.accountId(), Direction.OUTBOUND, SourceKey.none(), c.raw()))
            .toList();
    Map<JdbcMessageStore.ContentKey, UUID> stored =
        new HashMap<>(
            store.storedOutbound(messages.stream().map(JdbcMessageStore.ContentKey::of).toList()));
    List<NewMessage> fresh = new ArrayList<>();
    List<UUID> result = new ArrayList<>();
    for (NewMessage message : messages) {
      UUID id = stored.putIfAbsent(JdbcMessageStore.ContentKey.of(message), message.id());
      if (id == null) {
        fresh.add(message);
        id = message.id();
      }
      result.add(id);
    }
    store.insertAll(fresh);
    return result;
  }

  /** One message of a bulk submission and the account that sends it. */
  public record OutboundCopy(UUID accountId, byte[] raw) {}

  private StoreResult store(UUID accountId, Direction direction, SourceKey source, byte[] raw) {
    if (accounts.find(accountId).isEmpty()) {
      throw new NotFoundException("account", accountId);
    }
    NewMessage message = newMessage(accountId, direction, source, raw);
    for (int attempt = 1; ; attempt++) {
      Optional<UUID> stored = store.findStored(message);
      if (stored.isPresent()) {
        return new StoreResult.Duplicate(stored.get());
      }
      try {
        transaction.executeWithoutResult(
            status -> {
              store.insert(message);
              if (direction == Direction.INBOUND) {
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

  private NewMessage newMessage(UUID accountId, Direction direction, SourceKey source, byte[] raw) {
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
        direction == Direction.INBOUND && ownAddresses.isOwn(parsed.sender()));
  }

  private static MessageReceived received(NewMessage m) {
    ParsedMessage p = m.parsed();
    return new MessageReceived(
        m.id(),
        m.accountId(),
        p.messageId(),
        p.sender() == null ? null : p.sender().address(),
        p.subject(),
        m.receivedAt());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
