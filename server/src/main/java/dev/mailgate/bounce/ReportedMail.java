package dev.mailgate.bounce;

import dev.mailgate.mail.message.MessageParser;
import dev.mailgate.mail.report.Report;
import dev.mailgate.mail.report.Reports;
import dev.mailgate.message.MessageProperties;
import dev.mailgate.message.MessageQueries;
import dev.mailgate.message.MessageReceived;
import dev.mailgate.outbound.Outbox;
import dev.mailgate.outbound.OutboxEntry;
import dev.mailgate.outbound.OutboxReport;
import dev.mailgate.outbound.OutboxReports;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reads each stored inbound message that may be a report (a delivery status notification or a
 * feedback report), ties what it says to the outbox entries it is about (ADR 0028), records it on
 * them and announces bounces and complaints. It runs inside the transaction that stores the message
 * (a plain listener, like the webhook recorder), so a report is tied exactly when it is stored, and
 * a crash in between loses neither; only messages the parser already found report-like are read
 * again, so other mail costs nothing.
 */
@Component
class ReportedMail {

  private static final Logger log = LoggerFactory.getLogger(ReportedMail.class);

  private final MessageQueries messages;
  private final MessageProperties properties;
  private final Outbox outbox;
  private final OutboxReports reports;
  private final ApplicationEventPublisher events;

  ReportedMail(
      MessageQueries messages,
      MessageProperties properties,
      Outbox outbox,
      OutboxReports reports,
      ApplicationEventPublisher events) {
    this.messages = messages;
    this.properties = properties;
    this.outbox = outbox;
    this.reports = reports;
    this.events = events;
  }

  @EventListener
  void on(MessageReceived received) {
    if (!received.mayBeReport()) {
      return;
    }
    Optional<Report> report =
        Reports.read(
            MessageParser.parse(messages.raw(received.messageId()), properties.limits()),
            properties.limits());
    if (report.isEmpty() || report.get().originalMessageIds().isEmpty()) {
      return;
    }
    List<OutboxEntry> entries = outbox.findByMessageIds(report.get().originalMessageIds());
    List<ReportMatch.Verdict> verdicts =
        ReportMatch.of(report.get(), entries, received.messageId(), received.receivedAt());
    if (verdicts.isEmpty()) {
      log.debug(
          "Report {} is about {}, which Mailgate did not send",
          received.messageId(),
          report.get().originalMessageIds());
    }
    for (ReportMatch.Verdict verdict : verdicts) {
      reports.add(verdict.entry().id(), verdict.report());
      announce(verdict.entry(), verdict.report());
    }
  }

  private void announce(OutboxEntry entry, OutboxReport report) {
    switch (report.kind()) {
      case BOUNCED ->
          events.publishEvent(
              new MessageBounced(
                  entry.id(),
                  entry.account(),
                  report.recipient(),
                  report.action(),
                  report.status(),
                  reason(report),
                  report.reportMessage(),
                  report.reportedAt()));
      case COMPLAINED ->
          events.publishEvent(
              new MessageComplained(
                  entry.id(),
                  entry.account(),
                  report.recipient(),
                  report.action(),
                  report.diagnostic(),
                  report.reportMessage(),
                  report.reportedAt()));
      case DELAYED, DELIVERED -> {} // recorded on the entry; nothing failed
    }
  }

  private static String reason(OutboxReport report) {
    if (report.diagnostic() != null) {
      return report.diagnostic();
    }
    return report.status() != null ? "Status " + report.status() : report.action();
  }
}
