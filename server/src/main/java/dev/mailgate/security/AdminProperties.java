package dev.mailgate.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin account of the web UI.
 *
 * @param username the admin's user name. Default {@value #DEFAULT_USERNAME}.
 * @param password the admin password used when the admin account is first created; set it from the
 *     environment ({@code MAILGATE_ADMIN_PASSWORD}). Unset: a random one is generated and printed
 *     once.
 * @param resetPassword when true and a password is given, replaces the stored admin password at
 *     start (for a forgotten password). Default false; env {@code MAILGATE_ADMIN_RESET_PASSWORD}.
 */
@ConfigurationProperties("mailgate.admin")
public record AdminProperties(
    @DefaultValue(DEFAULT_USERNAME) String username, String password, boolean resetPassword) {

  public static final String DEFAULT_USERNAME = "admin";

  @Override
  public String toString() {
    return "AdminProperties[username=" + username + ", password=[hidden]]";
  }
}
