package dev.mailgate.message;

import java.util.List;

/**
 * Messages fetched from a mailbox, parsed and ready to be stored together ({@link
 * MessageStore#prepareInbound}, then {@link MessageStore#storeInbound(InboundBatch)}).
 */
public final class InboundBatch {

  private final List<NewMessage> messages;

  InboundBatch(List<NewMessage> messages) {
    this.messages = List.copyOf(messages);
  }

  List<NewMessage> messages() {
    return messages;
  }

  public int size() {
    return messages.size();
  }
}
