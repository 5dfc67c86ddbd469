package dev.mailgate.inbound;

import dev.mailgate.system.DbTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The change watch of each folder an account reads ({@code inbound_folder_watch}, ADR 0032):
 * whether it is watched now and, when not, why. The account's own mode stays in {@code
 * inbound_reader}.
 */
@Repository
class JdbcFolderWatches {

  private static final int DETAIL_LENGTH = 2000;

  private final JdbcClient jdbc;

  JdbcFolderWatches(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One folder's watch as last recorded. */
  record FolderWatch(String folder, boolean watched, String detail, Instant changedAt) {}

  /** Records the folder's watch as this node sees it now. */
  void record(
      UUID accountId, String folder, String node, boolean watched, String detail, Instant at) {
    String cut =
        detail == null || detail.length() <= DETAIL_LENGTH
            ? detail
            : detail.substring(0, DETAIL_LENGTH);
    String update =
        "update inbound_folder_watch set node_id = :n, watched = :w, detail = :d, changed_at = :t"
            + " where account_id = :a and folder = :f";
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("a", accountId);
    params.put("f", folder);
    params.put("n", node);
    params.put("w", watched);
    params.put("d", cut);
    params.put("t", DbTime.of(at));
    if (jdbc.sql(update).params(params).update() > 0) {
      return;
    }
    try {
      jdbc.sql(
              "insert into inbound_folder_watch"
                  + " (account_id, folder, node_id, watched, detail, changed_at)"
                  + " values (:a, :f, :n, :w, :d, :t)")
          .params(params)
          .update();
    } catch (DuplicateKeyException e) {
      jdbc.sql(update).params(params).update(); // inserted meanwhile: this update applies to it
    }
  }

  /** Forgets what this node recorded of the account's folders (it stopped watching them). */
  void forget(UUID accountId, String node) {
    jdbc.sql("delete from inbound_folder_watch where account_id = :a and node_id = :n")
        .param("a", accountId)
        .param("n", node)
        .update();
  }

  /** Forgets what this node recorded of one folder (no longer read). */
  void forget(UUID accountId, String folder, String node) {
    jdbc.sql(
            "delete from inbound_folder_watch"
                + " where account_id = :a and folder = :f and node_id = :n")
        .param("a", accountId)
        .param("f", folder)
        .param("n", node)
        .update();
  }

  /** The account's folder watches by folder. */
  Map<String, FolderWatch> find(UUID accountId) {
    Map<String, FolderWatch> watches = new LinkedHashMap<>();
    jdbc.sql(
            "select folder, watched, detail, changed_at from inbound_folder_watch"
                + " where account_id = :a")
        .param("a", accountId)
        .query(
            (rs, n) ->
                new FolderWatch(
                    rs.getString("folder"),
                    rs.getBoolean("watched"),
                    rs.getString("detail"),
                    DbTime.read(rs, "changed_at")))
        .list()
        .forEach(w -> watches.put(w.folder(), w));
    return watches;
  }
}
