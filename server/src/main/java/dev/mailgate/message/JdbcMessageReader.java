package dev.mailgate.message;

import dev.mailgate.mail.message.MailAddress;
import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads stored messages: the feed in position order, an inbox search, one message, its raw bytes
 * and its attachments. Lists never load raw bytes or bodies.
 */
@Repository
class JdbcMessageReader {

  private static final String SUMMARY_COLUMNS =
      "id, account_id, direction, received_at, from_address, from_name, to_list, cc_list,"
          + " subject, sent_at, message_id, size_bytes, auto_reply, bounce, mail_loop, oversize,"
          + " parse_error, feed_position, folder";

  private final JdbcClient jdbc;
  private final JsonColumns json;

  JdbcMessageReader(JdbcClient jdbc, JsonColumns json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Messages after a feed position, in position order; direction, account and folder may be null,
   * the flags {@link FlagFilter#NONE}.
   *
   * @param folder the folder the message was read from (its {@code folder} column: an IMAP folder
   *     by its name, POP3's maildrop as INBOX, a Graph folder as the account reads it); INBOX in
   *     any case (RFC 9051 section 5.1)
   */
  List<MessageSummary> feed(
      long after, Direction direction, UUID account, String folder, FlagFilter flags, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "select " + SUMMARY_COLUMNS + " from message where feed_position > :after");
    flags.conditions().forEach(condition -> sql.append(" and ").append(condition));
    boolean inbox = folder != null && folder.equalsIgnoreCase("INBOX");
    if (inbox) {
      sql.append(" and upper(folder) = 'INBOX'");
    } else if (folder != null) {
      sql.append(" and folder = :folder");
    }
    if (direction != null) {
      sql.append(" and direction = :direction");
    }
    if (account != null) {
      sql.append(" and account_id = :account");
    }
    sql.append(" order by feed_position limit :limit");
    JdbcClient.StatementSpec statement =
        jdbc.sql(sql.toString()).param("after", after).param("limit", limit);
    if (direction != null) {
      statement = statement.param("direction", direction.name());
    }
    if (account != null) {
      statement = statement.param("account", account);
    }
    if (folder != null && !inbox) {
      statement = statement.param("folder", folder);
    }
    return statement.query(this::summary).list();
  }

  /** An account's messages, newest first, whose sender or subject contains the text. */
  /**
   * Messages newest first whose sender, subject or recipients contain the text.
   *
   * @param account one account, or null for every account's received mail (the Inbox page)
   */
  List<MessageSummary> search(UUID account, String text, int limit) {
    String pattern =
        "%"
            + text.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_")
            + "%";
    String where = account == null ? "direction = :direction" : "account_id = :account";
    var query =
        jdbc.sql(
                "select "
                    + SUMMARY_COLUMNS
                    + " from message where "
                    + where
                    + " and (:all"
                    + " or lower(coalesce(from_address, '')) like :pattern escape '\\'"
                    + " or lower(coalesce(from_name, '')) like :pattern escape '\\'"
                    + " or lower(coalesce(subject, '')) like :pattern escape '\\'"
                    + " or lower(coalesce(to_list, '')) like :pattern escape '\\')"
                    + " order by feed_position desc limit :limit")
            .param("all", text.isBlank())
            .param("pattern", pattern)
            .param("limit", limit);
    query =
        account == null
            ? query.param("direction", Direction.INBOUND.name())
            : query.param("account", account);
    return query.query(this::summary).list();
  }

  /** The subjects of some messages by id (the Outbox page's Subject column); null for none. */
  Map<UUID, String> subjects(Collection<UUID> ids) {
    Map<UUID, String> subjects = new HashMap<>();
    if (ids.isEmpty()) {
      return subjects;
    }
    jdbc.sql("select id, subject from message where id in (:ids)")
        .param("ids", List.copyOf(ids))
        .query(
            (rs, n) -> {
              subjects.put(rs.getObject("id", UUID.class), rs.getString("subject"));
              return null;
            })
        .list();
    return subjects;
  }

  Optional<MessageDetail> find(UUID id) {
    return jdbc.sql(
            "select "
                + SUMMARY_COLUMNS
                + ", reply_to_list, in_reply_to, reference_ids, header_list, text_body, html_body,"
                + " source_folder, source_uidvalidity, source_uid, source_uidl, source_item_id, content_sha256"
                + " from message where id = :id")
        .param("id", id)
        .query((rs, n) -> detail(rs))
        .optional()
        .map(message -> message.withAttachments(attachments(id)));
  }

  Optional<byte[]> raw(UUID id) {
    return jdbc.sql("select raw from message where id = :id")
        .param("id", id)
        .query((rs, n) -> rs.getBytes(1))
        .optional();
  }

  /** The raw bytes of those of the messages that are at most {@code maxBytes} long, by id. */
  Map<UUID, byte[]> rawsUpTo(List<UUID> ids, long maxBytes) {
    Map<UUID, byte[]> raws = new HashMap<>();
    if (ids.isEmpty()) {
      return raws;
    }
    jdbc.sql("select id, raw from message where id in (:ids) and size_bytes <= :max")
        .param("ids", ids)
        .param("max", maxBytes)
        .query((rs, n) -> raws.put(rs.getObject(1, UUID.class), rs.getBytes(2)))
        .list();
    return raws;
  }

  Optional<AttachmentContent> attachment(UUID messageId, int number) {
    return jdbc.sql(
            "select name, content_type, content from message_attachment"
                + " where message_id = :id and attachment_no = :number")
        .param("id", messageId)
        .param("number", number)
        .query(
            (rs, n) ->
                new AttachmentContent(
                    rs.getString("name"), rs.getString("content_type"), rs.getBytes("content")))
        .optional();
  }

  private List<AttachmentInfo> attachments(UUID messageId) {
    return jdbc.sql(
            "select attachment_no, name, content_type, content_id, inline_part, size_bytes"
                + " from message_attachment where message_id = :id order by attachment_no")
        .param("id", messageId)
        .query(
            (rs, n) ->
                new AttachmentInfo(
                    messageId,
                    rs.getInt("attachment_no"),
                    rs.getString("name"),
                    rs.getString("content_type"),
                    rs.getString("content_id"),
                    rs.getBoolean("inline_part"),
                    rs.getLong("size_bytes")))
        .list();
  }

  private MessageDetail detail(ResultSet rs) throws SQLException {
    MessageSummary summary = summary(rs, 0);
    return new MessageDetail(
        summary,
        json.addresses(rs.getString("reply_to_list")),
        rs.getString("in_reply_to"),
        json.strings(rs.getString("reference_ids")),
        json.headers(rs.getString("header_list")),
        rs.getString("text_body"),
        rs.getString("html_body"),
        List.of(),
        source(rs),
        rs.getString("content_sha256"));
  }

  private static SourceKey source(ResultSet rs) throws SQLException {
    if (rs.getString("source_folder") != null) {
      return new SourceKey.Imap(
          rs.getString("source_folder"),
          rs.getLong("source_uidvalidity"),
          rs.getLong("source_uid"));
    }
    String uidl = rs.getString("source_uidl");
    if (uidl != null) {
      return new SourceKey.Pop3(uidl);
    }
    String itemId = rs.getString("source_item_id");
    return itemId == null ? null : new SourceKey.Graph(itemId, rs.getString("folder"));
  }

  private MessageSummary summary(ResultSet rs, int row) throws SQLException {
    String fromAddress = rs.getString("from_address");
    String fromName = rs.getString("from_name");
    return new MessageSummary(
        rs.getObject("id", UUID.class),
        rs.getObject("account_id", UUID.class),
        Direction.valueOf(rs.getString("direction")),
        DbTime.read(rs, "received_at"),
        fromAddress == null && fromName == null ? null : new MailAddress(fromName, fromAddress),
        json.addresses(rs.getString("to_list")),
        json.addresses(rs.getString("cc_list")),
        rs.getString("subject"),
        DbTime.read(rs, "sent_at"),
        rs.getString("message_id"),
        rs.getLong("size_bytes"),
        new MessageFlags(
            rs.getBoolean("auto_reply"),
            rs.getBoolean("bounce"),
            rs.getBoolean("mail_loop"),
            rs.getBoolean("oversize"),
            rs.getString("parse_error")),
        rs.getString("folder"),
        rs.getLong("feed_position"));
  }
}
