package dev.mailgate.message;

import dev.mailgate.system.ApiController;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Stored messages over REST: a cursor feed applications poll without gaps or repeats, one message
 * as JSON (with its {@code delivery} state when it was queued to send), its exact raw bytes, and
 * each attachment.
 */
@ApiController
@RequestMapping(MessageApiController.PATH)
class MessageApiController {

  static final String PATH = "/api/v1/messages";

  private final MessageQueries messages;
  private final ObjectProvider<DeliveryStates> deliveries;

  MessageApiController(MessageQueries messages, ObjectProvider<DeliveryStates> deliveries) {
    this.messages = messages;
    this.deliveries = deliveries;
  }

  @GetMapping
  FeedPage feed(
      @RequestParam(required = false) String direction,
      @RequestParam(required = false) String account,
      @RequestParam(required = false) String folder,
      @RequestParam(required = false) String flags,
      @RequestParam(required = false) String after,
      @RequestParam(required = false) String limit) {
    return messages.feed(direction, account, folder, flags, after, limit);
  }

  @GetMapping("/{id}")
  MessageWithDelivery one(@PathVariable UUID id) {
    MessageDetail message = messages.find(id);
    DeliveryStates states = deliveries.getIfAvailable();
    return new MessageWithDelivery(message, states == null ? null : states.of(id).orElse(null));
  }

  @GetMapping("/{id}/raw")
  ResponseEntity<byte[]> raw(@PathVariable UUID id) {
    return Downloads.of(messages.raw(id), Downloads.RFC822.toString(), id + ".eml");
  }

  @GetMapping("/{id}/attachments/{number}")
  ResponseEntity<byte[]> attachment(@PathVariable UUID id, @PathVariable int number) {
    AttachmentContent attachment = messages.attachment(id, number);
    String name = attachment.name() == null ? "attachment-" + number : attachment.name();
    return Downloads.of(attachment.content(), attachment.contentType(), name);
  }
}
