package dev.mailgate.message;

import dev.mailgate.mail.message.MailAddress;
import dev.mailgate.mail.message.ParsedAttachment;
import dev.mailgate.mail.message.ParsedMessage;
import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes messages into {@code message} and {@code message_attachment}, and finds the message a
 * duplicate collided with. Callers run {@link #insert} in a transaction: it takes the next feed
 * position last, so the counter row stays locked only for the commit (ADR 0007).
 */
@Repository
class JdbcMessageStore {

  private static final String INSERT =
      """
            insert into message (id, account_id, direction, received_at, source_folder,
              source_uidvalidity, source_uid, source_uidl, raw, size_bytes, content_sha256,
              message_id_sha256, message_id, from_address, from_name, from_list, to_list, cc_list,
              reply_to_list, header_list, subject, sent_at, in_reply_to, reference_ids, text_body,
              html_body, auto_reply, bounce, mail_loop, oversize, parse_error)
            values (:id, :account, :direction, :receivedAt, :folder, :uidValidity, :uid, :uidl,
              :raw, :size, :contentSha256, :messageIdSha256, :messageId, :fromAddress, :fromName,
              :fromList, :toList, :ccList, :replyToList, :headerList, :subject, :sentAt,
              :inReplyTo, :references, :textBody, :htmlBody, :autoReply, :bounce, :loop,
              :oversize, :parseError)
            """;

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate batch;
  private final JsonColumns json;

  JdbcMessageStore(JdbcClient jdbc, NamedParameterJdbcTemplate batch, JsonColumns json) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.json = json;
  }

  /** Inserts the message and its attachments, then gives it the next feed position. */
  void insert(NewMessage m) {
    jdbc.sql(INSERT).params(columns(m)).update();
    insertAttachments(m);
    assignFeedPositions(List.of(m.id()));
  }

  /**
   * Inserts many messages in one batch of statements (a bulk submission), then gives them the next
   * feed positions in list order. The caller's transaction covers it all.
   */
  void insertAll(List<NewMessage> messages) {
    batch.batchUpdate(
        INSERT,
        messages.stream()
            .map(m -> new MapSqlParameterSource(columns(m)))
            .toArray(SqlParameterSource[]::new));
    messages.forEach(this::insertAttachments);
    assignFeedPositions(messages.stream().map(NewMessage::id).toList());
  }

  private Map<String, Object> columns(NewMessage m) {
    ParsedMessage p = m.parsed();
    MailAddress sender = p.sender();
    Map<String, Object> c = new HashMap<>();
    c.put("id", m.id());
    c.put("account", m.accountId());
    c.put("direction", m.direction().name());
    c.put("receivedAt", DbTime.of(m.receivedAt()));
    c.put("folder", m.source() instanceof SourceKey.Imap imap ? imap.folder() : null);
    c.put("uidValidity", m.source() instanceof SourceKey.Imap imap ? imap.uidValidity() : null);
    c.put("uid", m.source() instanceof SourceKey.Imap imap ? imap.uid() : null);
    c.put("uidl", m.source() instanceof SourceKey.Pop3 pop3 ? pop3.uidl() : null);
    c.put("raw", m.raw());
    c.put("size", (long) m.raw().length);
    c.put("contentSha256", m.contentSha256());
    c.put("messageIdSha256", m.messageIdSha256());
    c.put("messageId", p.messageId());
    c.put("fromAddress", sender == null ? null : sender.address());
    c.put("fromName", sender == null ? null : sender.name());
    c.put("fromList", json.write(p.from()));
    c.put("toList", json.write(p.to()));
    c.put("ccList", json.write(p.cc()));
    c.put("replyToList", json.write(p.replyTo()));
    c.put("headerList", json.write(p.headers()));
    c.put("subject", p.subject());
    c.put("sentAt", DbTime.of(p.date()));
    c.put("inReplyTo", p.inReplyTo());
    c.put("references", json.write(p.references()));
    c.put("textBody", p.textBody());
    c.put("htmlBody", p.htmlBody());
    c.put("autoReply", p.autoReply());
    c.put("bounce", p.bounce());
    c.put("loop", m.loop());
    c.put("oversize", p.oversize());
    c.put("parseError", p.parseError());
    return c;
  }

  private void insertAttachments(NewMessage m) {
    int number = 0;
    for (ParsedAttachment a : m.parsed().attachments()) {
      insertAttachment(m.id(), ++number, a);
    }
  }

  private void insertAttachment(UUID messageId, int number, ParsedAttachment a) {
    jdbc.sql(
            """
            insert into message_attachment (message_id, attachment_no, name, content_type,
              content_id, inline_part, size_bytes, content)
            values (:message, :number, :name, :type, :contentId, :inline, :size, :content)
            """)
        .param("message", messageId)
        .param("number", number)
        .param("name", a.name())
        .param("type", clip(a.contentType(), 255))
        .param("contentId", a.contentId())
        .param("inline", a.inline())
        .param("size", a.size())
        .param("content", a.content())
        .update();
  }

  /**
   * Takes the next positions from the counter row, in list order. Its row lock is held until this
   * transaction commits, so a later position can never become visible before an earlier one.
   */
  private void assignFeedPositions(List<UUID> messageIds) {
    jdbc.sql("update message_feed_counter set last_position = last_position + :n where id = 1")
        .param("n", messageIds.size())
        .update();
    long last =
        jdbc.sql("select last_position from message_feed_counter where id = 1")
            .query(Long.class)
            .single();
    long first = last - messageIds.size() + 1;
    SqlParameterSource[] positions = new SqlParameterSource[messageIds.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] =
          new MapSqlParameterSource("position", first + i).addValue("id", messageIds.get(i));
    }
    batch.batchUpdate("update message set feed_position = :position where id = :id", positions);
  }

  /** What makes two messages of an account the same: their Message-ID and content. */
  record ContentKey(UUID account, String messageIdSha256, String contentSha256) {
    static ContentKey of(NewMessage m) {
      return new ContentKey(m.accountId(), m.messageIdSha256(), m.contentSha256());
    }
  }

  /**
   * Which of these are stored as outbound messages already. Each column is matched against a list
   * so the unique index answers; the pairs that match across keys are left out by the caller's
   * lookup.
   */
  Map<ContentKey, UUID> storedOutbound(List<ContentKey> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Map<ContentKey, UUID> stored = new HashMap<>();
    jdbc.sql(
            "select id, account_id, message_id_sha256, content_sha256 from message"
                + " where account_id in (:accounts) and direction = :direction"
                + " and message_id_sha256 in (:messageIds) and content_sha256 in (:contents)")
        .param("accounts", keys.stream().map(ContentKey::account).distinct().toList())
        .param("direction", Direction.OUTBOUND.name())
        .param("messageIds", keys.stream().map(ContentKey::messageIdSha256).distinct().toList())
        .param("contents", keys.stream().map(ContentKey::contentSha256).distinct().toList())
        .query(
            (ResultSet rs) -> {
              stored.put(
                  new ContentKey(
                      rs.getObject("account_id", UUID.class),
                      rs.getString("message_id_sha256"),
                      rs.getString("content_sha256")),
                  rs.getObject("id", UUID.class));
            });
    return stored;
  }

  /** The stored message that has the same source key, or else the same Message-ID and content. */
  Optional<UUID> findStored(NewMessage m) {
    Optional<UUID> bySource = findBySource(m.accountId(), m.source());
    if (bySource.isPresent()) {
      return bySource;
    }
    return jdbc.sql(
            "select id from message where account_id = :account and direction = :direction"
                + " and message_id_sha256 = :messageIdSha256 and content_sha256 = :contentSha256")
        .param("account", m.accountId())
        .param("direction", m.direction().name())
        .param("messageIdSha256", m.messageIdSha256())
        .param("contentSha256", m.contentSha256())
        .query(UUID.class)
        .optional();
  }

  /** The message stored for an account under a source key. */
  Optional<UUID> findBySource(UUID accountId, SourceKey source) {
    return switch (source) {
      case SourceKey.Imap imap ->
          jdbc.sql(
                  "select id from message where account_id = :account and source_folder ="
                      + " :folder and source_uidvalidity = :uidValidity and source_uid = :uid")
              .param("account", accountId)
              .param("folder", imap.folder())
              .param("uidValidity", imap.uidValidity())
              .param("uid", imap.uid())
              .query(UUID.class)
              .optional();
      case SourceKey.Pop3 pop3 ->
          jdbc.sql("select id from message where account_id = :account and source_uidl = :uidl")
              .param("account", accountId)
              .param("uidl", pop3.uidl())
              .query(UUID.class)
              .optional();
      case SourceKey.None none -> Optional.empty();
    };
  }

  private static String clip(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
