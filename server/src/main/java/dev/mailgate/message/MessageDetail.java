package dev.mailgate.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.mailgate.mail.message.HeaderField;
import dev.mailgate.mail.message.MailAddress;
import java.util.List;

/**
 * One stored message in full, as parsed when it was stored: the summary, the rest of the headers,
 * the bodies (HTML unsanitized) and the list of attachments.
 *
 * @param source the folder/UIDVALIDITY/UID or UIDL it was fetched by, or null
 */
public record MessageDetail(
    @JsonUnwrapped MessageSummary summary,
    List<MailAddress> replyTo,
    String inReplyTo,
    List<String> references,
    List<HeaderField> headers,
    String textBody,
    String htmlBody,
    List<AttachmentInfo> attachments,
    SourceKey source,
    String contentSha256) {

  /** Where the REST API serves the exact raw message. */
  @JsonProperty("rawLink")
  public String rawLink() {
    return MessageApiController.PATH + "/" + summary.id() + "/raw";
  }

  MessageDetail withAttachments(List<AttachmentInfo> list) {
    return new MessageDetail(
        summary,
        replyTo,
        inReplyTo,
        references,
        headers,
        textBody,
        htmlBody,
        list,
        source,
        contentSha256);
  }
}
