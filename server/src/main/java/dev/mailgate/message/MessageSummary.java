package dev.mailgate.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mailgate.mail.message.MailAddress;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message in the feed or an inbox list: who, what, when, and its flags; no bodies. Its feed
 * position is shown to clients only as an opaque {@link #cursor()}.
 */
public record MessageSummary(
    UUID id,
    UUID accountId,
    Direction direction,
    Instant receivedAt,
    MailAddress from,
    List<MailAddress> to,
    List<MailAddress> cc,
    String subject,
    Instant date,
    String messageId,
    long size,
    MessageFlags flags,
    String folder,
    @JsonIgnore long position) {

  /** Where a feed consumer resumes after this message. */
  @JsonProperty("cursor")
  public String cursor() {
    return FeedCursor.encode(position);
  }
}
