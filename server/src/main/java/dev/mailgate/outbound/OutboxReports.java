package dev.mailgate.outbound;

import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reports tied to outbox entries ({@code outbox_report}): written by whoever reads them out of
 * inbound mail (the {@code bounce} feature), in the caller's transaction; read with the entries.
 */
@Repository
public class OutboxReports {

  private final JdbcClient jdbc;

  OutboxReports(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Ties a report to an entry. */
  public void add(UUID outboxId, OutboxReport report) {
    jdbc.sql(
            "insert into outbox_report (id, outbox_id, report_message_id, recipient, kind, action,"
                + " status, diagnostic, reported_at) values (:id, :outbox, :message, :recipient,"
                + " :kind, :action, :status, :diagnostic, :at)")
        .param("id", UUID.randomUUID())
        .param("outbox", outboxId)
        .param("message", report.reportMessage())
        .param("recipient", cut(report.recipient(), 1000))
        .param("kind", report.kind().name())
        .param("action", cut(report.action(), 40))
        .param("status", cut(report.status(), 40))
        .param("diagnostic", cut(report.diagnostic(), 2000))
        .param("at", DbTime.of(report.reportedAt()))
        .update();
  }

  /** An entry's reports, oldest first. */
  List<OutboxReport> of(UUID outboxId) {
    return ofAll(List.of(outboxId)).getOrDefault(outboxId, List.of());
  }

  /** The reports of these entries, by entry, each list oldest first. */
  Map<UUID, List<OutboxReport>> ofAll(List<UUID> outboxIds) {
    if (outboxIds.isEmpty()) {
      return new HashMap<>();
    }
    record Row(UUID outboxId, OutboxReport report) {}
    return jdbc
        .sql(
            "select * from outbox_report where outbox_id in (:ids) order by reported_at, recipient")
        .param("ids", outboxIds)
        .query((rs, n) -> new Row(rs.getObject("outbox_id", UUID.class), map(rs)))
        .list()
        .stream()
        .collect(
            Collectors.groupingBy(
                Row::outboxId, Collectors.mapping(Row::report, Collectors.toList())));
  }

  private static OutboxReport map(ResultSet rs) throws SQLException {
    return new OutboxReport(
        rs.getString("recipient"),
        OutboxReport.Kind.valueOf(rs.getString("kind")),
        rs.getString("action"),
        rs.getString("status"),
        rs.getString("diagnostic"),
        rs.getObject("report_message_id", UUID.class),
        DbTime.read(rs, "reported_at"));
  }

  private static String cut(String text, int length) {
    return text == null || text.length() <= length ? text : text.substring(0, length);
  }
}
