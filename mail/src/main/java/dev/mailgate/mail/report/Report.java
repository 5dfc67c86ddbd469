package dev.mailgate.mail.report;

import java.util.List;

/** A report about a message sent earlier: a delivery status notification or a feedback report. */
public sealed interface Report permits DeliveryReport, FeedbackReport {

  /** The Message-IDs the report may be about, the likeliest first. */
  List<String> originalMessageIds();
}
