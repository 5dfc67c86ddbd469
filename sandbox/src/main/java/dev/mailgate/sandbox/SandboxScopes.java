package dev.mailgate.sandbox;

import java.util.List;

/**
 * The sandbox provider's scopes: one per mail protocol, as Microsoft's {@code
 * IMAP.AccessAsUser.All}, {@code POP.AccessAsUser.All} and {@code SMTP.Send}, and the OpenID
 * Connect ones. The mail server lets a token in only with the scope of the protocol in use.
 */
public final class SandboxScopes {

  public static final String IMAP = "imap";
  public static final String POP = "pop";
  public static final String SMTP = "smtp";

  public static final String OPENID = "openid";
  public static final String EMAIL = "email";
  public static final String PROFILE = "profile";
  public static final String OFFLINE_ACCESS = "offline_access";

  /** The OpenID Connect scopes: an ID token, the email claim, a refresh token. */
  public static final List<String> OIDC = List.of(OPENID, EMAIL, PROFILE, OFFLINE_ACCESS);

  /** What a Mailgate profile for IMAP + SMTP asks for. */
  public static final List<String> IMAP_AND_SMTP =
      List.of(OPENID, EMAIL, OFFLINE_ACCESS, IMAP, SMTP);

  /** Microsoft Graph's resource: the audience of its tokens, the prefix of its scopes. */
  public static final String GRAPH = "https://graph.microsoft.com";

  /** App-only (client credentials): the application permissions an admin consented to. */
  public static final String GRAPH_DEFAULT = GRAPH + "/.default";

  /** A delegated Graph permission as a client asks for it, e.g. {@code graph("Mail.Read")}. */
  public static String graph(String permission) {
    return GRAPH + "/" + permission;
  }

  /** What a Mailgate profile for Graph asks for (issue 14's Microsoft 365 "Graph" profile). */
  public static final List<String> GRAPH_MAIL =
      List.of(
          OPENID, EMAIL, PROFILE, OFFLINE_ACCESS, GRAPH + "/Mail.ReadWrite", GRAPH + "/Mail.Send");

  /** What a Mailgate profile for POP + SMTP asks for. */
  public static final List<String> POP_AND_SMTP = List.of(OPENID, EMAIL, OFFLINE_ACCESS, POP, SMTP);

  private SandboxScopes() {}
}
