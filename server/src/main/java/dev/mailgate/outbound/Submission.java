package dev.mailgate.outbound;

import java.util.List;
import java.util.Map;

/**
 * A message as an application submits it in JSON: which account sends it ({@code account} id or
 * {@code from} address, else the default outbound account), recipients, content, threading. Every
 * field may be missing; {@link SubmissionRules} says which must not be. {@code sendAt} (ISO 8601
 * with its offset) schedules it; none, or a time past, sends it at once.
 */
record Submission(
    String account,
    String from,
    List<String> to,
    List<String> cc,
    List<String> bcc,
    List<String> replyTo,
    String subject,
    String text,
    String html,
    List<AttachmentInput> attachments,
    Map<String, String> headers,
    String inReplyTo,
    List<String> references,
    String sendAt) {

  /** One attachment: its file name, MIME type and base64 content. */
  record AttachmentInput(String name, String type, String content) {}
}
