package dev.mailgate.outbound.listener;

import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SMTP clients in {@code smtp_client}; only the password's SHA-256 is stored. */
@Repository
class JdbcSmtpClients {

  private final JdbcClient jdbc;

  JdbcSmtpClients(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(SmtpClient client, String passwordHash) {
    jdbc.sql(
            "insert into smtp_client (id, name, username, password_hash, account_id, created_at)"
                + " values (:id, :username, :username, :hash, :account, :created)")
        .param("id", client.id())
        .param("username", client.username())
        .param("hash", passwordHash)
        .param("account", client.account())
        .param("created", DbTime.of(client.createdAt()))
        .update();
  }

  List<SmtpClient> list() {
    return jdbc.sql("select * from smtp_client order by username").query(this::map).list();
  }

  Optional<SmtpClient> find(UUID id) {
    return jdbc.sql("select * from smtp_client where id = :id")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  Optional<SmtpClient> findByUsername(String username) {
    return jdbc.sql("select * from smtp_client where username = :u")
        .param("u", username)
        .query(this::map)
        .optional();
  }

  Optional<String> passwordHash(String username) {
    return jdbc.sql("select password_hash from smtp_client where username = :u")
        .param("u", username)
        .query(String.class)
        .optional();
  }

  void used(UUID id, Instant at) {
    jdbc.sql("update smtp_client set last_used_at = :at where id = :id")
        .param("at", DbTime.of(at))
        .param("id", id)
        .update();
  }

  boolean delete(UUID id) {
    return jdbc.sql("delete from smtp_client where id = :id").param("id", id).update() == 1;
  }

  private SmtpClient map(ResultSet rs, int row) throws SQLException {
    return new SmtpClient(
        rs.getObject("id", UUID.class),
        rs.getString("username"),
        rs.getObject("account_id", UUID.class),
        DbTime.read(rs, "created_at"),
        DbTime.read(rs, "last_used_at"));
  }
}
