package dev.mailgate.event;

import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event log in {@code event_log}: written in the transaction of the change it records (so an
 * event never tells of a change that rolled back), read newest first with filters and paging. The
 * actor is whoever the request is authenticated as (an admin or an API token), else the system (a
 * job, a reader).
 */
@Repository
public class EventLog {

  static final String SYSTEM = "system";
  private static final int SUMMARY_LENGTH = 2000;
  private static final int DETAILS_LENGTH = 8000;
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  EventLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  /** Records an event now, by the current actor. */
  public void record(
      EventType type, UUID account, UUID credential, String summary, Map<String, ?> details) {
    record(type, account, credential, summary, details, clock.instant());
  }

  /** Records an event that happened at {@code at}, by the current actor. */
  public void record(
      EventType type,
      UUID account,
      UUID credential,
      String summary,
      Map<String, ?> details,
      Instant at) {
    insert(actor(), type, account, credential, summary, details, at);
  }

  /** Records an event now by a named actor (e.g. a login, before the session knows who it is). */
  void recordAs(String actor, EventType type, String summary, Map<String, ?> details) {
    insert(actor, type, null, null, summary, details, clock.instant());
  }

  private void insert(
      String actor,
      EventType type,
      UUID account,
      UUID credential,
      String summary,
      Map<String, ?> details,
      Instant at) {
    String detailsJson =
        details == null || details.isEmpty() ? null : json.writeValueAsString(details);
    if (detailsJson != null && detailsJson.length() > DETAILS_LENGTH) {
      detailsJson = json.writeValueAsString(Map.of("truncated", true));
    }
    jdbc.sql(
            "insert into event_log (occurred_at, type, account_id, credential_id, actor, summary,"
                + " details) values (:at, :type, :account, :credential, :actor, :summary,"
                + " :details)")
        .param("at", DbTime.of(at))
        .param("type", type.name())
        .param("account", account)
        .param("credential", credential)
        .param("actor", actor)
        .param("summary", truncate(summary == null || summary.isBlank() ? type.name() : summary))
        .param("details", detailsJson)
        .update();
  }

  /** The events the query asks for, newest first, with the cursor of the next page. */
  public EventPage find(EventQuery q) {
    List<String> where = new ArrayList<>();
    Map<String, Object> params = new LinkedHashMap<>();
    if (q.types() != null && !q.types().isEmpty()) {
      where.add("type in (:types)");
      params.put("types", q.types().stream().map(Enum::name).toList());
    }
    if (q.account() != null) {
      where.add("account_id = :account");
      params.put("account", q.account());
    }
    if (q.credential() != null) {
      where.add("credential_id = :credential");
      params.put("credential", q.credential());
    }
    if (q.from() != null) {
      where.add("occurred_at >= :from");
      params.put("from", DbTime.of(q.from()));
    }
    if (q.to() != null) {
      where.add("occurred_at < :to");
      params.put("to", DbTime.of(q.to()));
    }
    if (q.text() != null && !q.text().isBlank()) {
      where.add(
          "(lower(summary) like :text escape '\\' or lower(coalesce(details, '')) like :text"
              + " escape '\\')");
      params.put("text", "%" + escapeLike(q.text().strip().toLowerCase(Locale.ROOT)) + "%");
    }
    if (q.before() != null) {
      where.add("id < :before");
      params.put("before", q.before());
    }
    int limit = Math.clamp(q.limit(), 1, EventQuery.MAX_LIMIT);
    params.put("limit", limit);
    List<Event> events =
        jdbc.sql(
                "select * from event_log"
                    + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                    + " order by id desc limit :limit")
            .params(params)
            .query(this::map)
            .list();
    Long next = events.size() == limit ? events.getLast().id() : null;
    return new EventPage(events, next);
  }

  /** A credential's latest events, newest first (by time, then by insertion). */
  public List<Event> ofCredential(UUID credential, int limit) {
    return jdbc.sql(
            "select * from event_log where credential_id = :credential"
                + " order by occurred_at desc, id desc limit :limit")
        .param("credential", credential)
        .param("limit", limit)
        .query(this::map)
        .list();
  }

  /** Deletes the events older than {@code cutoff}; returns how many. */
  public int deleteOlderThan(Instant cutoff) {
    return jdbc.sql("delete from event_log where occurred_at < :cutoff")
        .param("cutoff", DbTime.of(cutoff))
        .update();
  }

  private Event map(ResultSet rs, int row) throws SQLException {
    String details = rs.getString("details");
    return new Event(
        rs.getLong("id"),
        DbTime.read(rs, "occurred_at"),
        EventType.valueOf(rs.getString("type")),
        rs.getObject("account_id", UUID.class),
        rs.getObject("credential_id", UUID.class),
        rs.getString("actor"),
        rs.getString("summary"),
        details == null ? Map.of() : json.readValue(details, OBJECT));
  }

  /** Who acts now, as the event log names it: {@code admin:<name>}, {@code api-token:<name>}. */
  public static String currentActor() {
    return actor();
  }

  /** Who acts: the authenticated admin or API token of this request, else the system. */
  static String actor() {
    Authentication who = SecurityContextHolder.getContext().getAuthentication();
    if (who == null || !who.isAuthenticated() || who instanceof AnonymousAuthenticationToken) {
      return SYSTEM;
    }
    String name = who.getName();
    return name.startsWith("api-token:") ? name : "admin:" + name;
  }

  private static String truncate(String text) {
    return text.length() <= SUMMARY_LENGTH ? text : text.substring(0, SUMMARY_LENGTH - 3) + "...";
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
