package dev.mailgate.credential;

import java.time.Instant;

/**
 * An access token to sign in with (SASL XOAUTH2, a Graph call), and until when it is valid as far
 * as Mailgate knows ({@code null}: the provider did not say). Never logged.
 */
public record AccessToken(String value, Instant expiresAt) {

  @Override
  public String toString() {
    return "AccessToken[value=[hidden], expiresAt=" + expiresAt + "]";
  }
}
