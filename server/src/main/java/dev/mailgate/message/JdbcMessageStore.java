package dev.mailgate.message;

import dev.mailgate.mail.message.MailAddress;
import dev.mailgate.mail.message.ParsedAttachment;
import dev.mailgate.mail.message.ParsedMessage;
import dev.mailgate.system.DbTime;
import dev.mailgate.system.InListGroups;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
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
              source_uidvalidity, source_uid, source_uidl, source_item_id, raw, size_bytes, content_sha256,
              message_id_sha256, message_id, from_address, from_name, from_list, to_list, cc_list,
              reply_to_list, header_list, subject, sent_at, in_reply_to, reference_ids, text_body,
              html_body, auto_reply, bounce, mail_loop, oversize, parse_error, feed_position, folder)
            values (:id, :account, :direction, :receivedAt, :folder, :uidValidity, :uid, :uidl,
              :itemId, :raw, :size, :contentSha256, :messageIdSha256, :messageId, :fromAddress, :fromName,
              :fromList, :toList, :ccList, :replyToList, :headerList, :subject, :sentAt,
              :inReplyTo, :references, :textBody, :htmlBody, :autoReply, :bounce, :loop,
              :oversize, :parseError, :feedPosition, :readFrom)
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
    insertRow(m, null);
    assignFeedPosition(m.id());
  }

  /** Inserts the message and its attachments, with the feed position if it is known yet. */
  private void insertRow(NewMessage m, Long feedPosition) {
    jdbc.sql(INSERT).params(columns(m, feedPosition)).update();
    insertAttachments(m);
  }

  /**
   * Inserts many messages (a chunk a reader fetched, a bulk submission) in one batch of statements,
   * with the next feed positions in list order taken first, so each row is written once, whole. The
   * counter row stays locked until the caller's transaction commits (ADR 0016).
   */
  void insertAll(List<NewMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    long position = takeFeedPositions(messages.size());
    SqlParameterSource[] rows = new SqlParameterSource[messages.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new MapSqlParameterSource(columns(messages.get(i), ++position));
    }
    batch.batchUpdate(INSERT, rows);
    messages.forEach(this::insertAttachments);
  }

  private Map<String, Object> columns(NewMessage m, Long feedPosition) {
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
    c.put("itemId", m.source() instanceof SourceKey.Graph graph ? graph.itemId() : null);
    c.put("readFrom", m.direction() == Direction.INBOUND ? m.source().folder() : null);
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
    c.put("feedPosition", feedPosition);
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
   * Takes the next position from the counter row. Its row lock is held until this transaction
   * commits, so a later position can never become visible before an earlier one.
   */
  private void assignFeedPosition(UUID messageId) {
    long position = takeFeedPositions(1) + 1;
    jdbc.sql("update message set feed_position = :position where id = :id")
        .param("position", position)
        .param("id", messageId)
        .update();
  }

  /**
   * Takes the next {@code count} positions from the counter row and returns the one before them
   * (the caller uses the following {@code count}). The row lock is held until this transaction
   * commits, so a later position can never become visible before an earlier one.
   */
  private long takeFeedPositions(int count) {
    jdbc.sql("update message_feed_counter set last_position = last_position + :n where id = 1")
        .param("n", count)
        .update();
    return jdbc.sql("select last_position from message_feed_counter where id = 1")
            .query(Long.class)
            .single()
        - count;
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

  /**
   * Of messages of one account, those stored already, with the stored message's id: by source key,
   * else by Message-ID and content. A few queries for the lot instead of two per message.
   */
  Map<UUID, UUID> findStored(UUID accountId, Direction direction, List<NewMessage> messages) {
    Map<UUID, UUID> found = new HashMap<>();
    Map<SourceKey, UUID> bySource =
        findBySources(accountId, messages.stream().map(NewMessage::source).toList());
    messages.stream()
        .filter(m -> bySource.containsKey(m.source()))
        .forEach(m -> found.put(m.id(), bySource.get(m.source())));
    List<String> messageIds =
        messages.stream()
            .filter(m -> !found.containsKey(m.id()))
            .map(NewMessage::messageIdSha256)
            .distinct()
            .toList();
    if (!messageIds.isEmpty()) {
      Map<String, UUID> byContent = new HashMap<>();
      jdbc.sql(
              "select message_id_sha256, content_sha256, id from message where account_id ="
                  + " :account and direction = :direction and message_id_sha256 in (:ids)")
          .param("account", accountId)
          .param("direction", direction.name())
          .param("ids", messageIds)
          .query(
              (rs, n) ->
                  byContent.put(
                      rs.getString(1) + "/" + rs.getString(2), rs.getObject(3, UUID.class)))
          .list();
      messages.stream()
          .filter(m -> !found.containsKey(m.id()))
          .forEach(
              m -> {
                UUID stored = byContent.get(m.messageIdSha256() + "/" + m.contentSha256());
                if (stored != null) {
                  found.put(m.id(), stored);
                }
              });
    }
    return found;
  }

  /** The message stored for an account under a source key. */
  Optional<UUID> findBySource(UUID accountId, SourceKey source) {
    return Optional.ofNullable(findBySources(accountId, List.of(source)).get(source));
  }

  /**
   * Of an account's source keys, those a message is stored under, with its id: one query per IMAP
   * folder (and UIDVALIDITY), one for the POP3 keys and one for the Graph keys (per {@link
   * InListGroups group}), for any number of keys, where a reader used to ask once per message.
   */
  Map<SourceKey, UUID> findBySources(UUID accountId, List<SourceKey> sources) {
    Map<SourceKey, UUID> found = new HashMap<>();
    Map<SourceKey.Imap, List<Long>> uidsByFolder =
        sources.stream()
            .filter(SourceKey.Imap.class::isInstance)
            .map(SourceKey.Imap.class::cast)
            .collect(
                Collectors.groupingBy(
                    i -> new SourceKey.Imap(i.folder(), i.uidValidity(), 0),
                    Collectors.mapping(SourceKey.Imap::uid, Collectors.toList())));
    uidsByFolder.forEach(
        (folder, uids) -> {
          for (List<Long> group : InListGroups.of(uids.stream().distinct().toList())) {
            jdbc.sql(
                    "select source_uid, id from message where account_id = :account"
                        + " and source_folder = :folder and source_uidvalidity = :uidValidity"
                        + " and source_uid in (:uids)")
                .param("account", accountId)
                .param("folder", folder.folder())
                .param("uidValidity", folder.uidValidity())
                .param("uids", group)
                .query(
                    (rs, n) ->
                        found.put(
                            new SourceKey.Imap(
                                folder.folder(), folder.uidValidity(), rs.getLong(1)),
                            rs.getObject(2, UUID.class)))
                .list();
          }
        });
    List<String> uidls =
        sources.stream()
            .filter(SourceKey.Pop3.class::isInstance)
            .map(k -> ((SourceKey.Pop3) k).uidl())
            .distinct()
            .toList();
    for (List<String> group : InListGroups.of(uidls)) {
      jdbc.sql(
              "select source_uidl, id from message where account_id = :account"
                  + " and source_uidl in (:uidls)")
          .param("account", accountId)
          .param("uidls", group)
          .query(
              (rs, n) ->
                  found.put(new SourceKey.Pop3(rs.getString(1)), rs.getObject(2, UUID.class)))
          .list();
    }
    List<String> itemIds =
        sources.stream()
            .filter(SourceKey.Graph.class::isInstance)
            .map(k -> ((SourceKey.Graph) k).itemId())
            .distinct()
            .toList();
    for (List<String> group : InListGroups.of(itemIds)) {
      jdbc.sql(
              "select source_item_id, id from message where account_id = :account"
                  + " and source_item_id in (:ids)")
          .param("account", accountId)
          .param("ids", group)
          .query(
              (rs, n) ->
                  found.put(new SourceKey.Graph(rs.getString(1)), rs.getObject(2, UUID.class)))
          .list();
    }
    return found;
  }

  private static String clip(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
