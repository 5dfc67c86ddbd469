package dev.mailgate.authorization;

import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random secret kept in the admin's HTTP session (not the session id, which changes at login),
 * whose hash is stored with each authorization the session starts; the callback must show the same
 * one. It dies with the session.
 */
public final class SessionBinding {

  private static final String ATTRIBUTE = SessionBinding.class.getName();
  private static final SecureRandom random = new SecureRandom();

  private SessionBinding() {}

  /** The session's binding, created on first use. */
  public static String of(HttpSession session) {
    synchronized (session) {
      Object existing = session.getAttribute(ATTRIBUTE);
      if (existing instanceof String value) {
        return value;
      }
      String value = random();
      session.setAttribute(ATTRIBUTE, value);
      return value;
    }
  }

  /** 32 random bytes, base64url: a binding, or the handle of an authorization to open. */
  static String random() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The session's binding if it has one; null for a session that never started an authorization.
   */
  public static String existing(HttpSession session) {
    return session == null ? null : (String) session.getAttribute(ATTRIBUTE);
  }
}
