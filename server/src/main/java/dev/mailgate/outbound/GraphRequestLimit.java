package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.mail.graph.GraphEnvelopeException;
import dev.mailgate.mail.graph.GraphSender;
import dev.mailgate.system.InvalidInputException;

/**
 * Microsoft Graph takes a message in one {@code sendMail} request of at most 4 MB, the MIME
 * base64-encoded (about 3 MB of message). A larger message for a Graph account is refused when it
 * is submitted, not queued to fail later (ADR 0026: no draft with upload sessions, which would not
 * send the stored bytes).
 */
final class GraphRequestLimit {

  private GraphRequestLimit() {}

  static void check(String field, Outbox.ReadyToQueue ready) {
    if (ready.account().type() != AccountType.GRAPH) {
      return;
    }
    long request;
    try {
      request = GraphSender.requestSize(ready.raw(), ready.recipients());
    } catch (GraphEnvelopeException e) {
      throw new InvalidInputException(field, e.getMessage());
    }
    if (request > GraphSender.REQUEST_LIMIT) {
      throw new InvalidInputException(
          field,
          "The message is "
              + ready.raw().length
              + " bytes as MIME, "
              + request
              + " once base64-encoded for Microsoft Graph, whose sendMail takes at most "
              + GraphSender.REQUEST_LIMIT
              + " bytes per request; account "
              + ready.account().name()
              + " sends through Graph. Send it through an SMTP account, or make it smaller"
              + " (attachments as links).");
    }
  }
}
