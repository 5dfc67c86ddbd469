package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.security.crypto.SecretCipher;
import dev.mailgate.security.crypto.SecretColumn;
import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Email accounts in {@code email_account}. */
@Repository
public class JdbcAccountStore {

  static final SecretColumn PASSWORD = new SecretColumn("email_account", "password_enc");

  private final JdbcClient jdbc;
  private final SecretCipher cipher;
  private final Clock clock;

  JdbcAccountStore(JdbcClient jdbc, SecretCipher cipher, Clock clock) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
  }

  public EmailAccount create(NewAccount a) {
    UUID id = UUID.randomUUID();
    String loginUser =
        a.loginUser() == null || a.loginUser().isBlank() ? a.address() : a.loginUser();
    String password = a.password() == null || a.password().isEmpty() ? null : a.password();
    jdbc.sql(
            """
            insert into email_account (id, name, type, address, login_user, host, port, security,
              auth_method, password_enc, profile_id, expected_identity, active, default_outbound,
              sasl_mechanism, created_at, updated_at)
            values (:id, :name, :type, :address, :loginUser, :host, :port, :security, :authMethod,
              :password, :profileId, :expectedIdentity, :active, :defaultOutbound, :sasl, :now,
              :now)
            """)
        .param("id", id)
        .param("name", a.name())
        .param("type", a.type().name())
        .param("address", a.address())
        .param("loginUser", loginUser)
        .param("host", a.host())
        .param("port", a.port())
        .param("security", a.security().name())
        .param("authMethod", a.authMethod().name())
        .param("password", cipher.encrypt(PASSWORD, id, password))
        .param("profileId", a.profileId())
        .param("expectedIdentity", a.expectedIdentity())
        .param("active", a.active())
        .param("defaultOutbound", a.defaultOutbound())
        .param("sasl", a.saslMechanism().name())
        .param("now", DbTime.of(clock.instant()))
        .update();
    return find(id).orElseThrow();
  }

  /**
   * Replaces an account's settings. The stored password is kept when none is given, and dropped
   * when the account no longer uses Basic authentication.
   *
   * @return false if no such account exists
   */
  public boolean update(UUID id, NewAccount a) {
    String loginUser =
        a.loginUser() == null || a.loginUser().isBlank() ? a.address() : a.loginUser();
    String password = a.password() == null || a.password().isEmpty() ? null : a.password();
    return jdbc.sql(
                """
                update email_account set name = :name, type = :type, address = :address,
                  login_user = :loginUser, host = :host, port = :port, security = :security,
                  auth_method = :authMethod,
                  password_enc = case when :basic then coalesce(:password, password_enc) end,
                  profile_id = :profileId, expected_identity = :expectedIdentity,
                  active = :active, default_outbound = :defaultOutbound,
                  sasl_mechanism = :sasl, updated_at = :now
                where id = :id
                """)
            .param("id", id)
            .param("name", a.name())
            .param("type", a.type().name())
            .param("address", a.address())
            .param("loginUser", loginUser)
            .param("host", a.host())
            .param("port", a.port())
            .param("security", a.security().name())
            .param("authMethod", a.authMethod().name())
            .param("basic", a.authMethod() == AuthMethod.BASIC)
            .param("password", cipher.encrypt(PASSWORD, id, password))
            .param("profileId", a.profileId())
            .param("expectedIdentity", a.expectedIdentity())
            .param("active", a.active())
            .param("defaultOutbound", a.defaultOutbound())
            .param("sasl", a.saslMechanism().name())
            .param("now", DbTime.of(clock.instant()))
            .update()
        == 1;
  }

  public void delete(UUID id) {
    jdbc.sql("delete from email_account where id = :id").param("id", id).update();
  }

  /** Makes every account but the given one not the default outbound account. */
  public void clearDefaultOutboundExcept(UUID keep) {
    jdbc.sql(
            "update email_account set default_outbound = false, updated_at = :now"
                + " where default_outbound and id <> :keep")
        .param("keep", keep)
        .param("now", DbTime.of(clock.instant()))
        .update();
  }

  /** Names of the accounts that sign in through this OAuth profile. */
  public List<String> namesUsingProfile(UUID profileId) {
    return jdbc.sql("select name from email_account where profile_id = :p order by name")
        .param("p", profileId)
        .query(String.class)
        .list();
  }

  /** Names of the accounts that sign in through any profile of this provider. */
  public List<String> namesUsingProvider(UUID providerId) {
    return jdbc.sql(
            "select a.name from email_account a join oauth_profile p on p.id = a.profile_id"
                + " where p.provider_id = :p order by a.name")
        .param("p", providerId)
        .query(String.class)
        .list();
  }

  public List<EmailAccount> list() {
    return jdbc.sql("select * from email_account order by name").query(this::map).list();
  }

  public Optional<EmailAccount> find(UUID id) {
    return jdbc.sql("select * from email_account where id = :id")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  public Optional<EmailAccount> findByName(String name) {
    return jdbc.sql("select * from email_account where name = :name")
        .param("name", name)
        .query(this::map)
        .optional();
  }

  /** The OAuth 2.0 accounts signing in through any profile of this provider. */
  public List<EmailAccount> usingProvider(UUID providerId) {
    return jdbc.sql(
            "select a.* from email_account a join oauth_profile p on p.id = a.profile_id"
                + " where p.provider_id = :provider and a.auth_method = :oauth order by a.name")
        .param("provider", providerId)
        .param("oauth", AuthMethod.OAUTH2.name())
        .query(this::map)
        .list();
  }

  /** The decrypted password of a Basic account; only a mail connection needs it. */
  public Optional<String> password(UUID accountId) {
    return jdbc.sql("select password_enc from email_account where id = :id")
        .param("id", accountId)
        .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
        .optional()
        .flatMap(value -> value)
        .map(ciphertext -> cipher.decrypt(PASSWORD, accountId, ciphertext));
  }

  private EmailAccount map(ResultSet rs, int row) throws SQLException {
    return new EmailAccount(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        AccountType.valueOf(rs.getString("type")),
        rs.getString("address"),
        rs.getString("login_user"),
        rs.getString("host"),
        rs.getInt("port"),
        ConnectionSecurity.valueOf(rs.getString("security")),
        AuthMethod.valueOf(rs.getString("auth_method")),
        rs.getString("password_enc") != null,
        rs.getObject("profile_id", UUID.class),
        rs.getString("expected_identity"),
        rs.getBoolean("active"),
        rs.getBoolean("default_outbound"),
        DbTime.read(rs, "created_at"),
        DbTime.read(rs, "updated_at"),
        MechanismSetting.valueOf(rs.getString("sasl_mechanism")));
  }
}
