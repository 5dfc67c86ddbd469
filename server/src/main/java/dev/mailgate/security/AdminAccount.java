package dev.mailgate.security;

import dev.mailgate.system.DbTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The admin of the web UI, stored hashed (bcrypt) in {@code admin_user}. Created before the web
 * server accepts requests, with {@code MAILGATE_ADMIN_PASSWORD} or a generated password that is
 * handed once to the startup banner and then forgotten.
 */
@Component
class AdminAccount implements UserDetailsService, InitializingBean {

  static final String ROLE = "ADMIN";
  private static final Logger log = LoggerFactory.getLogger(AdminAccount.class);
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final AdminProperties properties;
  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private volatile String generatedPassword;

  AdminAccount(
      AdminProperties properties, JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
    this.properties = properties;
    this.jdbc = jdbc;
    this.passwords = passwords;
    this.clock = clock;
  }

  @Override
  public void afterPropertiesSet() {
    boolean exists =
        jdbc.sql("select count(*) from admin_user where username = :u")
                .param("u", properties.username())
                .query(Long.class)
                .single()
            > 0;
    String given = properties.password();
    boolean hasGiven = given != null && !given.isBlank();
    if (!exists) {
      String password = hasGiven ? given : generate();
      if (!hasGiven) {
        generatedPassword = password;
      }
      insert(password);
      log.info("Created the admin account '{}'", properties.username());
    } else if (properties.resetPassword() && hasGiven) {
      jdbc.sql(
              "update admin_user set password_hash = :h, password_changed_at = :t"
                  + " where username = :u")
          .param("h", passwords.encode(given))
          .param("t", DbTime.of(clock.instant()))
          .param("u", properties.username())
          .update();
      log.info("Reset the password of the admin account '{}'", properties.username());
    } else if (properties.resetPassword()) {
      log.warn(
          "mailgate.admin.reset-password is set but no new password was given"
              + " (MAILGATE_ADMIN_PASSWORD); the stored password is unchanged");
    }
  }

  /** The generated first-start password, returned once (then forgotten), if one was generated. */
  Optional<String> takeGeneratedPassword() {
    String password = generatedPassword;
    generatedPassword = null;
    return Optional.ofNullable(password);
  }

  String username() {
    return properties.username();
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    return jdbc.sql("select username, password_hash from admin_user where username = :u")
        .param("u", username)
        .query(
            (rs, n) ->
                User.withUsername(rs.getString(1)).password(rs.getString(2)).roles(ROLE).build())
        .optional()
        .orElseThrow(() -> new UsernameNotFoundException("no such admin"));
  }

  private void insert(String password) {
    Instant now = clock.instant();
    jdbc.sql(
            "insert into admin_user (username, password_hash, created_at, password_changed_at)"
                + " values (:u, :h, :t, :t)")
        .param("u", properties.username())
        .param("h", passwords.encode(password))
        .param("t", DbTime.of(now))
        .update();
  }

  private String generate() {
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }
}
