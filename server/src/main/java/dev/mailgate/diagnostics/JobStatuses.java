package dev.mailgate.diagnostics;

import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The background jobs, read from db-scheduler's {@code scheduled_tasks}, so every node of a cluster
 * sees the same: one row per job, whichever node runs it. Jobs not known here (a job a newer
 * feature adds) are listed by name too.
 */
@Repository
class JobStatuses {

  /** The name the inbound readers are listed under. */
  static final String READERS = "inbound-readers";

  /** What each job does, in the order the page shows them. */
  private static final Map<String, String> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put("token-refresh", "Refreshes access tokens that expire soon");
    KNOWN.put("outbox-sweep", "Wakes the senders of accounts with retries or held mail due");
    KNOWN.put("webhook-sweep", "Delivers webhooks that are due (retries and missed wake-ups)");
    KNOWN.put("webhook-log-retention", "Deletes finished webhook deliveries past their retention");
    KNOWN.put("event-retention", "Deletes events older than the retention period");
  }

  private final JdbcClient jdbc;

  JobStatuses(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<JobStatus> list() {
    Map<String, JobStatus> byName = new LinkedHashMap<>();
    jdbc.sql(
            """
            select task_name, count(*) as instances, max(last_success) as last_success,
              max(last_failure) as last_failure, max(consecutive_failures) as failures,
              min(execution_time) as next_run
            from scheduled_tasks group by task_name
            """)
        .query(
            (ResultSet rs) -> {
              String name = rs.getString("task_name");
              byName.put(name, map(name, rs));
            });
    Map<String, List<String>> running = new LinkedHashMap<>();
    jdbc.sql(
            "select task_name, picked_by from scheduled_tasks where picked = true"
                + " and picked_by is not null")
        .query(
            (ResultSet rs) -> {
              running
                  .computeIfAbsent(rs.getString("task_name"), n -> new ArrayList<>())
                  .add(rs.getString("picked_by"));
            });
    List<JobStatus> jobs = new ArrayList<>();
    for (String name : KNOWN.keySet()) {
      if (byName.containsKey(name)) {
        jobs.add(withRunning(byName.remove(name), running));
      }
    }
    byName.values().forEach(job -> jobs.add(withRunning(job, running)));
    readers().ifPresent(jobs::add);
    return jobs;
  }

  /**
   * The inbound readers are not a db-scheduler job: each node reads the mailboxes it holds a lease
   * on (ADR 0012). They are shown as one job: the nodes holding leases, the latest read, the worst
   * failure streak, and as next run the earliest lease expiry (its holder renews it before then).
   */
  private Optional<JobStatus> readers() {
    List<String> nodes =
        jdbc.sql("select distinct node_id from inbound_lease order by node_id")
            .query(String.class)
            .list();
    if (nodes.isEmpty()) {
      return Optional.empty();
    }
    return jdbc.sql(
            """
            select count(*) as instances, max(r.last_read_at) as last_success,
              coalesce(max(r.failures), 0) as failures, min(l.expires_at) as next_run
            from inbound_lease l left join inbound_reader r on r.account_id = l.account_id
            """)
        .query(
            (rs, row) ->
                new JobStatus(
                    READERS,
                    "Reads IMAP (IDLE or polling) and POP3 accounts, each on the node holding its"
                        + " lease",
                    rs.getLong("instances"),
                    nodes,
                    DbTime.read(rs, "last_success"),
                    null,
                    rs.getInt("failures"),
                    DbTime.read(rs, "next_run")))
        .optional();
  }

  private static JobStatus map(String name, ResultSet rs) throws SQLException {
    return new JobStatus(
        name,
        KNOWN.getOrDefault(name, ""),
        rs.getLong("instances"),
        List.of(),
        DbTime.read(rs, "last_success"),
        DbTime.read(rs, "last_failure"),
        rs.getInt("failures"),
        DbTime.read(rs, "next_run"));
  }

  private static JobStatus withRunning(JobStatus job, Map<String, List<String>> running) {
    List<String> nodes = running.getOrDefault(job.name(), List.of()).stream().distinct().toList();
    return new JobStatus(
        job.name(),
        job.description(),
        job.instances(),
        nodes,
        job.lastSuccess(),
        job.lastFailure(),
        job.consecutiveFailures(),
        job.nextRun());
  }
}
