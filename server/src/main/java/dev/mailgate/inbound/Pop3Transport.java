package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.Pop3Mailbox;
import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.message.FetchedMessage;
import dev.mailgate.message.SourceKey;
import java.util.List;

/**
 * A POP3 mailbox on the inbound contract. POP3 keeps no cursor (RFC 1939 has none): every UIDL on
 * the server is listed, the store's {@code (account, UIDL)} key says which are read, and a stored
 * UIDL still on the server gets its action again (a deletion only happens when the session ends).
 * One message at a time, on the one connection.
 */
final class Pop3Transport implements InboundTransport<Void> {

  private final Pop3Mailbox mailbox;

  Pop3Transport(Pop3Mailbox mailbox) {
    this.mailbox = mailbox;
  }

  @Override
  public NewItems<Void> newItems(Void cursor) {
    return NewItems.atTheEnd(
        mailbox.uidls().stream().map(uidl -> new InboundItem(new SourceKey.Pop3(uidl), 0)).toList(),
        null);
  }

  @Override
  public List<FetchedMessage> fetch(List<InboundItem> items) {
    return items.stream()
        .flatMap(
            item ->
                mailbox.raw(uidl(item)).map(raw -> new FetchedMessage(item.key(), raw)).stream())
        .toList();
  }

  @Override
  public void after(List<InboundItem> done, PostFetchAction action) {
    done.forEach(item -> mailbox.after(uidl(item), action));
  }

  @Override
  public FetchChunks chunks() {
    return FetchChunks.ONE_AT_A_TIME;
  }

  @Override
  public boolean fetchAhead() {
    return false;
  }

  private static String uidl(InboundItem item) {
    return ((SourceKey.Pop3) item.key()).uidl();
  }
}
