package dev.mailgate.account;

import dev.mailgate.mail.explain.Explanations.SignIn;
import dev.mailgate.mail.explain.Refusal;
import dev.mailgate.mail.explain.Refusals;
import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Accounts failing sign-in, in {@code account_sign_in_failure} (V19): one row per account whose
 * server refuses it, deleted by the next sign-in that works. The explanation is not stored but
 * derived from the reply when read, so it is the catalogue's current one.
 */
@Repository
class JdbcSignInFailures {

  private static final int REPLY_LENGTH = 2000;

  private final JdbcClient jdbc;

  JdbcSignInFailures(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<SignInFailure> find(UUID accountId) {
    return jdbc.sql("select * from account_sign_in_failure where account_id = :a")
        .param("a", accountId)
        .query(JdbcSignInFailures::map)
        .optional();
  }

  Map<UUID, SignInFailure> all() {
    Map<UUID, SignInFailure> all = new HashMap<>();
    jdbc.sql("select * from account_sign_in_failure")
        .query(JdbcSignInFailures::map)
        .list()
        .forEach(f -> all.put(f.accountId(), f));
    return all;
  }

  /**
   * One more refused sign-in; the streak's count and start are kept, the rest replaced. Not one
   * transaction: two passes of one account (a Graph account's reader and sender, or a read started
   * by a save while another runs) may record at once, and the second insert then becomes an update
   * instead of failing the pass (on PostgreSQL a failed insert would spoil an enclosing
   * transaction).
   */
  SignInFailure record(
      UUID accountId, SignIn signIn, Refusal refusal, Instant now, RetryRule retryAt) {
    Optional<SignInFailure> before = find(accountId);
    int failures = before.map(SignInFailure::failures).orElse(0) + 1;
    Instant retry = retryAt.after(failures, now);
    String reply = cut(refusal.reply());
    if (before.isPresent()) {
      jdbc.sql(
              "update account_sign_in_failure set kind = :k, sign_in = :s, reply = :r,"
                  + " explanation_code = :e, failures = :f, last_failed_at = :now,"
                  + " retry_at = :retry where account_id = :a")
          .param("k", refusal.kind().name())
          .param("s", signIn.name())
          .param("r", reply)
          .param("e", refusal.explanation().code())
          .param("f", failures)
          .param("now", DbTime.of(now))
          .param("retry", DbTime.of(retry))
          .param("a", accountId)
          .update();
    } else {
      try {
        insert(accountId, signIn, refusal, now, retry, failures, reply);
      } catch (DuplicateKeyException e) {
        return record(accountId, signIn, refusal, now, retryAt); // recorded meanwhile: update it
      }
    }
    return find(accountId).orElseThrow();
  }

  private void insert(
      UUID accountId,
      SignIn signIn,
      Refusal refusal,
      Instant now,
      Instant retry,
      int failures,
      String reply) {
    jdbc.sql(
            "insert into account_sign_in_failure (account_id, kind, sign_in, reply,"
                + " explanation_code, failures, first_failed_at, last_failed_at, retry_at)"
                + " values (:a, :k, :s, :r, :e, :f, :now, :now, :retry)")
        .param("a", accountId)
        .param("k", refusal.kind().name())
        .param("s", signIn.name())
        .param("r", reply)
        .param("e", refusal.explanation().code())
        .param("f", failures)
        .param("now", DbTime.of(now))
        .param("retry", DbTime.of(retry))
        .update();
  }

  /** The account signed in, or its settings changed: the streak is over. */
  boolean clear(UUID accountId) {
    return jdbc.sql("delete from account_sign_in_failure where account_id = :a")
            .param("a", accountId)
            .update()
        > 0;
  }

  /** When the next sign-in is due after {@code failures} refusals in a row. */
  @FunctionalInterface
  interface RetryRule {
    Instant after(int failures, Instant now);
  }

  private static String cut(String reply) {
    return reply.length() <= REPLY_LENGTH ? reply : reply.substring(0, REPLY_LENGTH);
  }

  private static SignInFailure map(ResultSet rs, int row) throws SQLException {
    String reply = rs.getString("reply");
    Refusal refusal = Refusals.classify(reply, SignIn.valueOf(rs.getString("sign_in")));
    return new SignInFailure(
        rs.getObject("account_id", UUID.class),
        Refusal.Kind.valueOf(rs.getString("kind")),
        reply,
        refusal.explanation(),
        rs.getInt("failures"),
        DbTime.read(rs, "first_failed_at"),
        DbTime.read(rs, "last_failed_at"),
        DbTime.read(rs, "retry_at"));
  }
}
