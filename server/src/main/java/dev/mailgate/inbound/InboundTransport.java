package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.message.FetchedMessage;
import java.util.List;

/**
 * One folder of a mailbox as a reader pass needs it, whatever the protocol (IMAP, POP3, Graph): the
 * new items since a cursor, their raw MIME fetched in chunks, and the post-fetch action once they
 * are stored. {@link InboundPass} does the rest, the same for every transport: the store first,
 * then the action, then the cursor (ADR 0008), chunk by chunk (ADR 0016). Watching for changes is
 * the other half of the contract, {@link ChangeWatcher}. See
 * docs/adr/0025-inbound-transport-contract.md.
 *
 * @param <C> the transport's cursor: IMAP's UIDVALIDITY and highest UID, Graph's delta link, none
 *     for POP3
 */
interface InboundTransport<C> {

  /** The items past the cursor, oldest first (the whole folder for a cursor it cannot use). */
  NewItems<C> newItems(C cursor);

  /**
   * The raw bytes of those of the items still on the server, in the items' order; the pass asks
   * only for items not stored yet, and at most one chunk at a time.
   */
  List<FetchedMessage> fetch(List<InboundItem> items);

  /**
   * Applies the post-fetch action to items that are stored (or were gone), with as few commands as
   * the protocol allows. Applied again after a crash, it must be harmless to repeat.
   */
  void after(List<InboundItem> done, PostFetchAction action);

  /**
   * How the listing is cut into chunks: each is fetched at once, stored in one transaction and
   * given its action in one go.
   */
  FetchChunks chunks();

  /**
   * Whether the next chunk may be fetched while the one before is stored and given its action (the
   * transport's connection then serves two threads). POP3 answers no: it reads one message at a
   * time on one connection.
   */
  default boolean fetchAhead() {
    return true;
  }
}
