package dev.mailgate.mail.report;

import dev.mailgate.mail.message.HeaderField;
import dev.mailgate.mail.message.MessageParser;
import dev.mailgate.mail.message.ParseLimits;
import dev.mailgate.mail.message.ParsedAttachment;
import dev.mailgate.mail.message.ParsedMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the report in a message, if it is one. The forms understood:
 *
 * <ul>
 *   <li>RFC 3464 {@code multipart/report; report-type=delivery-status} with a {@code
 *       message/delivery-status} part, as Postfix, Gmail and Exchange Online send it, and the RFC
 *       6533 {@code message/global-delivery-status} Exchange Online sends for internationalized
 *       mail; the original comes back as {@code message/rfc822}, {@code text/rfc822-headers} or
 *       {@code message/global-headers}, or not at all;
 *   <li>RFC 5965 {@code multipart/report; report-type=feedback-report} with a {@code
 *       message/feedback-report} part (the complaint loops of Microsoft, Yahoo and others);
 *   <li>a plain-text bounce with an {@code X-Failed-Recipients} header (Exim, and Gmail for some
 *       rejections), the status found in its text and the original headers quoted in it.
 * </ul>
 *
 * Never throws on bad input: what cannot be read is left out, and a message with nothing to go on
 * is no report.
 */
public final class Reports {

  private static final Set<String> DELIVERY_STATUS =
      Set.of("message/delivery-status", "message/global-delivery-status");
  private static final String FEEDBACK_REPORT = "message/feedback-report";
  private static final Set<String> RETURNED =
      Set.of(
          "message/rfc822",
          "message/global",
          "text/rfc822-headers",
          "message/rfc822-headers",
          "message/global-headers");
  private static final Pattern STATUS = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");
  private static final Pattern REPLY = Pattern.compile("\\b[45]\\d\\d[ -]");
  private static final Pattern QUOTED_MESSAGE_ID =
      Pattern.compile("(?im)^[ \\t>]*Message-ID:\\s*(<[^<>\\s]+>)");
  private static final int MAX_DIAGNOSTIC = 1000;

  private Reports() {}

  /**
   * Whether the parsed message may hold a report, without reading it: cheap enough to ask of every
   * message stored.
   */
  public static boolean mayBeReport(ParsedMessage message) {
    return message.bounce()
        || message.attachments().stream().anyMatch(a -> FEEDBACK_REPORT.equals(a.contentType()))
        || header(message, "X-Failed-Recipients") != null;
  }

  /** The report in the message, if it is one; {@code limits} bound reading the returned message. */
  public static Optional<Report> read(ParsedMessage message, ParseLimits limits) {
    try {
      List<String> ids = originalIds(message, limits);
      for (ParsedAttachment part : message.attachments()) {
        if (FEEDBACK_REPORT.equals(part.contentType())) {
          return Optional.of(feedback(part, ids));
        }
      }
      for (ParsedAttachment part : message.attachments()) {
        if (DELIVERY_STATUS.contains(part.contentType())) {
          List<ReportFields.Group> groups = ReportFields.read(part.content());
          List<RecipientStatus> recipients = recipients(groups);
          if (!recipients.isEmpty()) {
            return Optional.of(new DeliveryReport(withGmailOriginal(ids, groups), recipients));
          }
        }
      }
      return plainTextBounce(message, ids).map(Report.class::cast);
    } catch (RuntimeException e) { // a report too broken to read is no report
      return Optional.empty();
    }
  }

  /**
   * The ids with the {@code X-Original-Message-ID} Gmail writes among the per-message fields, after
   * those of the returned message and before the report's own references.
   */
  private static List<String> withGmailOriginal(List<String> ids, List<ReportFields.Group> groups) {
    String original = groups.isEmpty() ? null : groups.getFirst().first("X-Original-Message-ID");
    if (original == null || ids.contains(original.strip())) {
      return ids;
    }
    List<String> all = new ArrayList<>(ids);
    all.add(0, original.strip());
    return List.copyOf(all);
  }

  private static FeedbackReport feedback(ParsedAttachment part, List<String> ids) {
    List<ReportFields.Group> groups = ReportFields.read(part.content());
    ReportFields.Group fields = groups.isEmpty() ? null : groups.getFirst();
    String type = fields == null ? null : fields.first("Feedback-Type");
    List<String> recipients =
        fields == null
            ? List.of()
            : fields.all("Original-Rcpt-To").stream()
                .map(Reports::address)
                .filter(a -> a != null)
                .toList();
    return new FeedbackReport(
        type == null ? "other" : token(type),
        ids,
        recipients,
        fields == null ? null : fields.first("User-Agent"));
  }

  /** The per-recipient groups: every group after the first that names a recipient. */
  private static List<RecipientStatus> recipients(List<ReportFields.Group> groups) {
    List<RecipientStatus> recipients = new ArrayList<>();
    for (ReportFields.Group group : groups) {
      String finalRecipient = address(group.first("Final-Recipient"));
      String original = address(group.first("Original-Recipient"));
      if (finalRecipient == null && original == null) {
        continue; // the per-message group, or one naming no one
      }
      String diagnostic = diagnostic(group.first("Diagnostic-Code"));
      String status = status(group.first("Status"));
      if (status == null) {
        status = status(diagnostic);
      }
      String action = group.first("Action");
      recipients.add(
          RecipientStatus.of(
              original != null ? original : finalRecipient,
              finalRecipient != null ? finalRecipient : original,
              action == null ? actionOf(status) : token(action),
              status,
              diagnostic,
              address(group.first("Remote-MTA"))));
    }
    return recipients;
  }

  private static Optional<DeliveryReport> plainTextBounce(ParsedMessage message, List<String> ids) {
    String failed = header(message, "X-Failed-Recipients");
    if (failed == null) {
      return Optional.empty();
    }
    String text = message.textBody() == null ? "" : message.textBody();
    String status = status(text);
    String diagnostic = null;
    for (String line : text.split("\r?\n")) {
      if ((status != null && line.contains(status)) || REPLY.matcher(line).find()) {
        diagnostic = cap(line.strip());
        break;
      }
    }
    List<RecipientStatus> recipients = new ArrayList<>();
    for (String address : failed.split(",")) {
      String a = address(address);
      if (a != null) {
        recipients.add(RecipientStatus.of(a, a, "failed", status, diagnostic, null));
      }
    }
    return recipients.isEmpty()
        ? Optional.empty()
        : Optional.of(new DeliveryReport(ids, recipients));
  }

  /**
   * The Message-IDs the report may be about: of the returned message or headers, quoted in the
   * text, then the report's In-Reply-To and References, without repeats.
   */
  private static List<String> originalIds(ParsedMessage message, ParseLimits limits) {
    Set<String> ids = new LinkedHashSet<>();
    for (ParsedAttachment part : message.attachments()) {
      if (RETURNED.contains(part.contentType())) {
        String id = MessageParser.parse(part.content(), limits).messageId();
        if (id != null) {
          ids.add(id);
        }
      }
    }
    if (message.textBody() != null) {
      Matcher quoted = QUOTED_MESSAGE_ID.matcher(message.textBody());
      while (quoted.find()) {
        ids.add(quoted.group(1));
      }
    }
    if (message.inReplyTo() != null) {
      ids.add(message.inReplyTo());
    }
    ids.addAll(message.references());
    ids.remove(message.messageId()); // a report is not about itself
    return List.copyOf(ids);
  }

  /** The address of an {@code address-type; address} field (RFC 3464 section 2.3.2), or null. */
  private static String address(String value) {
    if (value == null) {
      return null;
    }
    String address = value.contains(";") ? value.substring(value.indexOf(';') + 1) : value;
    address = address.replaceAll("\\(.*?\\)", "").strip();
    if (address.startsWith("<") && address.endsWith(">")) {
      address = address.substring(1, address.length() - 1).strip();
    }
    return address.isEmpty() ? null : address;
  }

  /** The reply without its diagnostic type ({@code smtp;}), capped; null if none. */
  private static String diagnostic(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    int semicolon = value.indexOf(';');
    String type = semicolon > 0 ? value.substring(0, semicolon).strip() : "";
    String text = type.matches("[A-Za-z][A-Za-z0-9-]*") ? value.substring(semicolon + 1) : value;
    return cap(text.strip());
  }

  private static String status(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = STATUS.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  /** A report without an Action field: what its status class says (RFC 3463 section 3.1). */
  private static String actionOf(String status) {
    if (status == null) {
      return "failed";
    }
    return switch (status.charAt(0)) {
      case '2' -> "delivered";
      case '4' -> "delayed";
      default -> "failed";
    };
  }

  /** The value before any comment or parameter, lower case. */
  private static String token(String value) {
    return value.split("[;(\\s]", 2)[0].strip().toLowerCase(Locale.ROOT);
  }

  private static String header(ParsedMessage message, String name) {
    return message.headers().stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(HeaderField::value)
        .findFirst()
        .orElse(null);
  }

  private static String cap(String text) {
    return text.length() <= MAX_DIAGNOSTIC ? text : text.substring(0, MAX_DIAGNOSTIC);
  }
}
