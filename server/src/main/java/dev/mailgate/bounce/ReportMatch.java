package dev.mailgate.bounce;

import dev.mailgate.mail.report.DeliveryReport;
import dev.mailgate.mail.report.FeedbackReport;
import dev.mailgate.mail.report.RecipientStatus;
import dev.mailgate.mail.report.Report;
import dev.mailgate.outbound.OutboxEntry;
import dev.mailgate.outbound.OutboxReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Ties a report to the outbox entries it is about (ADR 0028): the entries of the first of the
 * report's Message-IDs that any entry sent, and within them, for each recipient, the entry that
 * sent to that address (several entries share a Message-ID only when an application submitted the
 * same raw message again), else the newest.
 */
final class ReportMatch {

  /** One verdict for one entry. */
  record Verdict(OutboxEntry entry, OutboxReport report) {}

  private ReportMatch() {}

  /**
   * @param entries the entries whose Message-ID is one of the report's, newest first
   */
  static List<Verdict> of(Report report, List<OutboxEntry> entries, UUID message, Instant at) {
    List<OutboxEntry> about = entriesOfFirstId(report.originalMessageIds(), entries);
    if (about.isEmpty()) {
      return List.of();
    }
    List<Verdict> verdicts = new ArrayList<>();
    switch (report) {
      case DeliveryReport delivery -> {
        for (RecipientStatus r : delivery.recipients()) {
          OutboxEntry entry = sentTo(about, r.recipient(), r.finalRecipient());
          verdicts.add(
              new Verdict(
                  entry,
                  new OutboxReport(
                      recipientAsSent(entry, r.recipient(), r.finalRecipient()),
                      kind(r),
                      r.action(),
                      r.status(),
                      r.diagnostic(),
                      message,
                      at)));
        }
      }
      case FeedbackReport feedback -> {
        if (feedback.recipients().isEmpty()) {
          OutboxEntry entry = about.getFirst();
          // redacted: with a single recipient it can only be that one
          String only = entry.recipients().size() == 1 ? entry.recipients().getFirst() : null;
          verdicts.add(new Verdict(entry, complaint(feedback, only, message, at)));
        }
        for (String recipient : feedback.recipients()) {
          OutboxEntry entry = sentTo(about, recipient, recipient);
          verdicts.add(
              new Verdict(
                  entry,
                  complaint(feedback, recipientAsSent(entry, recipient, recipient), message, at)));
        }
      }
    }
    return verdicts;
  }

  private static List<OutboxEntry> entriesOfFirstId(List<String> ids, List<OutboxEntry> entries) {
    for (String id : ids) {
      List<OutboxEntry> of = entries.stream().filter(e -> e.messageIdHeader().equals(id)).toList();
      if (!of.isEmpty()) {
        return of;
      }
    }
    return List.of();
  }

  private static OutboxEntry sentTo(List<OutboxEntry> entries, String... addresses) {
    for (OutboxEntry entry : entries) {
      for (String address : addresses) {
        if (address != null && matching(entry, address) != null) {
          return entry;
        }
      }
    }
    return entries.getFirst();
  }

  /** The address as the entry wrote it, when it sent to it; else the report's. */
  private static String recipientAsSent(OutboxEntry entry, String recipient, String finalOne) {
    String sent = matching(entry, recipient);
    if (sent == null && finalOne != null) {
      sent = matching(entry, finalOne);
    }
    return sent != null ? sent : recipient;
  }

  private static String matching(OutboxEntry entry, String address) {
    if (address == null) {
      return null;
    }
    String wanted = address.toLowerCase(Locale.ROOT);
    return entry.recipients().stream()
        .filter(r -> r.toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst()
        .orElse(null);
  }

  private static OutboxReport.Kind kind(RecipientStatus status) {
    if (status.failed()) {
      return OutboxReport.Kind.BOUNCED;
    }
    return status.delayed() ? OutboxReport.Kind.DELAYED : OutboxReport.Kind.DELIVERED;
  }

  private static OutboxReport complaint(
      FeedbackReport feedback, String recipient, UUID message, Instant at) {
    return new OutboxReport(
        recipient,
        OutboxReport.Kind.COMPLAINED,
        feedback.feedbackType(),
        null,
        feedback.userAgent(),
        message,
        at);
  }
}
