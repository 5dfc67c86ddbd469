package dev.mailgate.inbound;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The folders each account's reader reads ({@code inbound_folder}), in order. */
@Repository
class JdbcReaderFolders {

  private final JdbcClient jdbc;

  JdbcReaderFolders(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The account's folders in order; empty when it reads only the configured one. */
  List<ReaderFolder> find(UUID accountId) {
    return jdbc.sql(
            "select folder, post_fetch_action, move_folder from inbound_folder"
                + " where account_id = :a order by position")
        .param("a", accountId)
        .query(
            (rs, n) ->
                new ReaderFolder(
                    rs.getString(1),
                    rs.getString(2) == null ? null : PostFetch.valueOf(rs.getString(2)),
                    rs.getString(3)))
        .list();
  }

  /**
   * The folders of every account that lists any, in order: one query per claim round, not one per
   * account (each folder has its own watch).
   */
  Map<UUID, List<String>> names() {
    Map<UUID, List<String>> names = new HashMap<>();
    jdbc.sql("select account_id, folder from inbound_folder order by account_id, position")
        .query(
            (rs, n) ->
                names
                    .computeIfAbsent(rs.getObject(1, UUID.class), a -> new ArrayList<>())
                    .add(rs.getString(2)))
        .list();
    return names;
  }

  /** Replaces the account's folders (an empty list: the configured one again). */
  @Transactional
  public void replace(UUID accountId, List<ReaderFolder> folders) {
    jdbc.sql("delete from inbound_folder where account_id = :a").param("a", accountId).update();
    for (int i = 0; i < folders.size(); i++) {
      ReaderFolder folder = folders.get(i);
      jdbc.sql(
              "insert into inbound_folder"
                  + " (account_id, folder, position, post_fetch_action, move_folder)"
                  + " values (:a, :f, :p, :action, :move)")
          .param("a", accountId)
          .param("f", folder.name())
          .param("p", i)
          .param(
              "action", folder.postFetchAction() == null ? null : folder.postFetchAction().name())
          .param("move", folder.moveFolder())
          .update();
    }
  }
}
