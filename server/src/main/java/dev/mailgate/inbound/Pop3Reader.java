package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.Pop3Mailbox;
import dev.mailgate.mail.inbound.PostFetchAction;
import java.util.UUID;

/**
 * One pass over a POP3 mailbox: {@link InboundPass} over a {@link Pop3Transport}. Each UIDL not yet
 * stored is fetched and stored, and only then given the post-fetch action; a stored UIDL still on
 * the server gets its action again. A failure stops the pass; the failed message is left as it is.
 */
final class Pop3Reader {

  private final InboundPass pass;

  Pop3Reader(InboundStorage storage) {
    this.pass = new InboundPass(storage);
  }

  /** Returns how many messages were new to the store. */
  int read(UUID accountId, Pop3Mailbox mailbox, PostFetchAction action) {
    return pass.read(accountId, new Pop3Transport(mailbox), null, action, cursor -> {});
  }
}
