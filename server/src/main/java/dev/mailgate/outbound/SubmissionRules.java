package dev.mailgate.outbound;

import dev.mailgate.mail.compose.OutgoingMessage;
import dev.mailgate.mail.compose.OutgoingMessage.Attachment;
import dev.mailgate.system.InvalidInputException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a JSON submission field by field before anything is written, so each refusal names the
 * field: strict addresses, at least one recipient, no CR/LF anywhere a header is built from (header
 * injection), extra headers only where Mailgate does not write the header itself, base64
 * attachments with a MIME type.
 */
final class SubmissionRules {

  /** Header fields Mailgate writes itself; an extra header must not replace them. */
  private static final Set<String> OWN_HEADERS =
      Set.of(
          "from",
          "sender",
          "to",
          "cc",
          "bcc",
          "reply-to",
          "subject",
          "date",
          "message-id",
          "in-reply-to",
          "references",
          "mime-version",
          "content-type",
          "content-transfer-encoding");

  /** RFC 5322 section 3.6.8: printable US-ASCII but colon. */
  private static final Pattern FIELD_NAME = Pattern.compile("[!-9;-~]+");

  static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+@[^<>\\s]+>");
  private static final Pattern MIME_TYPE = Pattern.compile("[\\w.+-]+/[\\w.+-]+");

  private SubmissionRules() {}

  /** The bare address of the {@code from} field, or null if none is given. */
  static String fromAddress(Submission s) {
    return s.from() == null || s.from().isBlank() ? null : mailbox("from", s.from()).getAddress();
  }

  /** What the outbox needs: the message to compose and every envelope recipient once. */
  record Checked(OutgoingMessage message, List<String> recipients) {}

  static Checked check(Submission s, String from, String messageId) {
    List<String> to = mailboxes("to", s.to());
    List<String> cc = mailboxes("cc", s.cc());
    List<String> bcc = mailboxes("bcc", s.bcc());
    Set<String> recipients = new LinkedHashSet<>();
    for (List<String> list : List.of(to, cc, bcc)) {
      list.forEach(m -> recipients.add(parse(m).getAddress()));
    }
    if (recipients.isEmpty()) {
      throw new InvalidInputException("to", "Give at least one recipient in to, cc or bcc.");
    }
    singleLine("subject", s.subject());
    if (s.text() == null && s.html() == null) {
      throw new InvalidInputException("text", "Give the body as text, html or both.");
    }
    String inReplyTo = messageIdOrNull("inReplyTo", s.inReplyTo());
    List<String> references = new ArrayList<>();
    List<String> given = s.references() == null ? List.of() : s.references();
    for (int i = 0; i < given.size(); i++) {
      references.add(messageIdOrNull("references[" + i + "]", given.get(i)));
    }
    OutgoingMessage message =
        new OutgoingMessage(
            messageId,
            from,
            to,
            cc,
            mailboxes("replyTo", s.replyTo()),
            s.subject(),
            s.text(),
            s.html(),
            attachments(s.attachments()),
            headers(s.headers()),
            inReplyTo,
            references);
    return new Checked(message, List.copyOf(recipients));
  }

  private static List<String> mailboxes(String field, List<String> values) {
    List<String> result = new ArrayList<>();
    if (values == null) {
      return result;
    }
    for (int i = 0; i < values.size(); i++) {
      result.add(mailbox(field + "[" + i + "]", values.get(i)).toUnicodeString());
    }
    return result;
  }

  static InternetAddress mailbox(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "An address is empty; remove it or fill it in.");
    }
    singleLine(field, value);
    try {
      InternetAddress[] parsed = InternetAddress.parse(value.strip(), true);
      if (parsed.length != 1) {
        throw new AddressException("one address expected, found " + parsed.length);
      }
      parsed[0].validate();
      return parsed[0];
    } catch (AddressException e) {
      throw new InvalidInputException(
          field,
          "'"
              + value
              + "' is not a valid email address ("
              + e.getMessage()
              + "); write it as name@example.org or Name <name@example.org>.");
    }
  }

  private static InternetAddress parse(String checked) {
    try {
      return new InternetAddress(checked, false);
    } catch (AddressException e) {
      throw new IllegalStateException("A checked address no longer parses", e);
    }
  }

  private static void singleLine(String field, String value) {
    if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
      throw new InvalidInputException(
          field, "Line breaks are not allowed in " + field + "; they could inject headers.");
    }
  }

  private static String messageIdOrNull(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    singleLine(field, value);
    String id = value.strip();
    if (!MESSAGE_ID.matcher(id).matches()) {
      throw new InvalidInputException(
          field, "'" + id + "' is not a Message-ID; write it as <id@domain>.");
    }
    return id;
  }

  private static Map<String, String> headers(Map<String, String> given) {
    Map<String, String> result = new LinkedHashMap<>();
    if (given == null) {
      return result;
    }
    given.forEach(
        (name, value) -> {
          String field = "headers." + name;
          singleLine(field, name);
          singleLine(field, value);
          if (name == null || !FIELD_NAME.matcher(name).matches()) {
            throw new InvalidInputException(
                field, "'" + name + "' is not a header name (printable ASCII, no colon).");
          }
          if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException(
                field, name + " is written by Mailgate; use the matching JSON field instead.");
          }
          result.put(name, value == null ? "" : value);
        });
    return result;
  }

  private static List<Attachment> attachments(List<Submission.AttachmentInput> given) {
    List<Attachment> result = new ArrayList<>();
    if (given == null) {
      return result;
    }
    for (int i = 0; i < given.size(); i++) {
      Submission.AttachmentInput a = given.get(i);
      String field = "attachments[" + i + "]";
      if (a == null || a.name() == null || a.name().isBlank()) {
        throw new InvalidInputException(field + ".name", "Give the attachment's file name.");
      }
      singleLine(field + ".name", a.name());
      String type = a.type() == null || a.type().isBlank() ? "application/octet-stream" : a.type();
      if (!MIME_TYPE.matcher(type.strip()).matches()) {
        throw new InvalidInputException(
            field + ".type", "'" + type + "' is not a MIME type such as application/pdf.");
      }
      byte[] content;
      try {
        content =
            Base64.getDecoder()
                .decode(a.content() == null ? "" : a.content().replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            field + ".content", "The content is not base64 (" + e.getMessage() + ").");
      }
      result.add(new Attachment(a.name().strip(), type.strip(), content));
    }
    return result;
  }
}
