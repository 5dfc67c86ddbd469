package dev.mailgate.mail.report;

import java.util.List;

/**
 * A delivery status notification read from a message (RFC 3464, or one of the common non-standard
 * forms, see {@link Reports}).
 *
 * @param originalMessageIds the Message-IDs the report may be about, the likeliest first: the
 *     Message-ID of the returned message or headers, then the report's own In-Reply-To and
 *     References (some servers set them), each with angle brackets
 * @param recipients what it says about each recipient, in order
 */
public record DeliveryReport(List<String> originalMessageIds, List<RecipientStatus> recipients)
    implements Report {}
