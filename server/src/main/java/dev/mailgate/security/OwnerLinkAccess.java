package dev.mailgate.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * What a mailbox owner reaches without a Mailgate login: the owner's link page ({@value #PATH}),
 * and the provider's callback in a browser session that started an authorization from such a link
 * (the session carries {@link #SESSION_ATTRIBUTE}). Every other callback still needs the admin.
 */
public final class OwnerLinkAccess {

  /** The owner's link: {@code /authorize/{token}}. */
  public static final String PATH = "/authorize/";

  /** Set in the owner's session by the link's "Continue" step: the link's id. */
  public static final String SESSION_ATTRIBUTE = "mailgate.owner-link";

  private static final String CALLBACK = dev.mailgate.system.MailgateProperties.OAUTH_REDIRECT_PATH;

  private OwnerLinkAccess() {}

  static boolean matches(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.startsWith(PATH)) {
      return true;
    }
    if (!path.equals(CALLBACK)) {
      return false;
    }
    HttpSession session = request.getSession(false);
    return session != null && session.getAttribute(SESSION_ATTRIBUTE) != null;
  }
}
