package dev.mailgate.sandbox;

import java.util.List;

/**
 * The sandbox provider's scopes, one per mail protocol, as Microsoft's {@code
 * IMAP.AccessAsUser.All}, {@code POP.AccessAsUser.All} and {@code SMTP.Send}.
 */
public final class SandboxScopes {

  public static final String IMAP = "imap";
  public static final String POP = "pop";
  public static final String SMTP = "smtp";

  /** What a Mailgate profile for IMAP + SMTP asks for. */
  public static final List<String> IMAP_AND_SMTP =
      List.of("openid", "email", "offline_access", IMAP, SMTP);

  /** What a Mailgate profile for POP + SMTP asks for. */
  public static final List<String> POP_AND_SMTP =
      List.of("openid", "email", "offline_access", POP, SMTP);

  private SandboxScopes() {}

  /** The scope a token must carry to log in with this protocol (smtps = smtp, ...). */
  static String forProtocol(String protocol) {
    String base = protocol.endsWith("s") ? protocol.substring(0, protocol.length() - 1) : protocol;
    return switch (base) {
      case "imap" -> IMAP;
      case "pop3" -> POP;
      case "smtp" -> SMTP;
      default -> throw new IllegalArgumentException("unknown protocol " + protocol);
    };
  }
}
