package dev.mailgate.mail.report;

import java.util.List;

/**
 * An abuse feedback report (ARF, RFC 5965): a recipient's mailbox provider saying that a recipient
 * marked the message as spam (or another {@code feedbackType}).
 *
 * @param feedbackType {@code abuse}, {@code fraud}, {@code virus}, {@code other}... (RFC 5965
 *     section 7.3), lower case
 * @param originalMessageIds the Message-IDs the report may be about, as in {@link DeliveryReport}
 * @param recipients the Original-Rcpt-To addresses, when the provider did not redact them
 * @param userAgent the reporting software, or null
 */
public record FeedbackReport(
    String feedbackType, List<String> originalMessageIds, List<String> recipients, String userAgent)
    implements Report {}
