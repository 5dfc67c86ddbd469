package dev.mailgate.mail.message;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the MIME tree of a message (RFC 2045, RFC 2046) and sorts its leaves into the text body,
 * the HTML body and attachments. The first text/plain and the first text/html part that are not
 * marked as attachments are the bodies; everything else is an attachment. Multiparts nested deeper
 * than the limit are not split, parts past the limit are skipped, and a part that cannot be read is
 * skipped: each such event becomes a problem and the walk goes on.
 */
final class PartWalker {

  private final ParseLimits limits;
  private final List<String> problems = new ArrayList<>();
  private final List<ParsedAttachment> attachments = new ArrayList<>();
  private String text;
  private String html;
  private boolean deliveryStatus;
  private boolean dispositionNotification;
  private int parts;
  private boolean tooDeep;
  private boolean tooMany;

  PartWalker(ParseLimits limits) {
    this.limits = limits;
  }

  void walk(MimePart part, int depth) {
    String label = "Part " + (parts + 1);
    if (++parts > limits.maxParts()) {
      if (!tooMany) {
        problems.add("More than " + limits.maxParts() + " MIME parts; the rest were not read.");
      }
      tooMany = true;
      return;
    }
    try {
      PartType type = PartType.of(part);
      if (type.isMultipart()) {
        split(part, type, depth);
      } else {
        leaf(part, type, label);
      }
    } catch (MessagingException | IOException | RuntimeException e) {
      problems.add(label + " could not be read: " + e.getMessage());
    }
  }

  private void split(MimePart part, PartType type, int depth) throws MessagingException {
    if (type.baseType().equals("multipart/report")) {
      deliveryStatus |= "delivery-status".equals(type.reportType());
      dispositionNotification |= "disposition-notification".equals(type.reportType());
    }
    if (depth >= limits.maxDepth()) {
      if (!tooDeep) {
        problems.add(
            "Multiparts nested deeper than " + limits.maxDepth() + " levels were not read.");
      }
      tooDeep = true;
      return;
    }
    MimeMultipart multipart = new MimeMultipart(new MimePartDataSource(part));
    int count;
    try {
      count = multipart.getCount();
    } catch (MessagingException e) {
      problems.add(
          "A " + type.baseType() + " body could not be split into parts: " + e.getMessage());
      return;
    }
    for (int i = 0; i < count && !tooMany; i++) {
      walk((MimePart) multipart.getBodyPart(i), depth + 1);
    }
  }

  private void leaf(MimePart part, PartType type, String label)
      throws MessagingException, IOException {
    String baseType = type.baseType();
    if (baseType.equals("message/delivery-status")
        || baseType.equals("message/global-delivery-status")) {
      deliveryStatus = true;
    }
    byte[] content = PartContent.decode(part, label, problems);
    boolean attachment = "attachment".equals(type.disposition()) || type.fileName() != null;
    if (!attachment && baseType.equals("text/plain") && text == null) {
      text = Charsets.decode(content, type.charset());
    } else if (!attachment && baseType.equals("text/html") && html == null) {
      html = Charsets.decode(content, type.charset());
    } else {
      attachments.add(
          new ParsedAttachment(
              type.fileName(),
              baseType,
              contentId(part),
              "inline".equals(type.disposition()),
              content));
    }
  }

  private static String contentId(MimePart part) throws MessagingException {
    String id = part.getHeader("Content-ID", null);
    if (id == null) {
      return null;
    }
    String value = HeaderText.decode(id);
    if (value.startsWith("<") && value.endsWith(">")) {
      value = value.substring(1, value.length() - 1);
    }
    return value.isBlank() ? null : value;
  }

  String text() {
    return text;
  }

  String html() {
    return html;
  }

  List<ParsedAttachment> attachments() {
    return attachments;
  }

  List<String> problems() {
    return problems;
  }

  boolean deliveryStatus() {
    return deliveryStatus;
  }

  boolean dispositionNotification() {
    return dispositionNotification;
  }
}
