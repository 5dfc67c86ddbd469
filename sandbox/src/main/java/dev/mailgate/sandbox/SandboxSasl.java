package dev.mailgate.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the sandbox mail server speaks OAuth SASL where GreenMail 2.1.x does not: XOAUTH2 in both
 * forms (response on the AUTH line, or after the go-ahead) and OAUTHBEARER (RFC 7628), each refusal
 * as a real server sends it (the error challenge, RFC 7628 §3.2.2, then the final reply once the
 * client has acknowledged it with the dummy response of §3.2.3). Tests choose what the server
 * offers and how long an SMTP command line may be, to meet a Dovecot-like server.
 */
final class SandboxSasl {

  static final String XOAUTH2 = "XOAUTH2";
  static final String OAUTHBEARER = "OAUTHBEARER";

  /** A client response decoded: who signs in with which token. */
  record Bearer(String user, String token) {}

  private final String discoveryUrl;
  private final Set<String> offered = ConcurrentHashMap.newKeySet();
  private volatile int smtpLineLimit = Integer.MAX_VALUE;

  SandboxSasl(String discoveryUrl) {
    this.discoveryUrl = discoveryUrl;
    offered.addAll(List.of(XOAUTH2, OAUTHBEARER));
  }

  void offer(List<String> mechanisms) {
    offered.clear();
    mechanisms.forEach(m -> offered.add(m.toUpperCase(Locale.ROOT)));
  }

  boolean offers(String mechanism) {
    return offered.contains(mechanism.toUpperCase(Locale.ROOT));
  }

  /** The OAuth mechanisms offered, XOAUTH2 first, space-separated (may be empty). */
  String offeredList() {
    return List.of(XOAUTH2, OAUTHBEARER).stream()
        .filter(offered::contains)
        .reduce((a, b) -> a + " " + b)
        .orElse("");
  }

  void limitSmtpLine(int octets) {
    smtpLineLimit = octets;
  }

  /** Whether an SMTP command line of this length (CRLF not counted) is over the limit. */
  boolean tooLongForSmtp(String line) {
    return line.length() + 2L > smtpLineLimit;
  }

  /** The user and token in a base64 XOAUTH2 or OAUTHBEARER response; empty if malformed. */
  static Optional<Bearer> decode(String mechanism, String base64) {
    String text;
    try {
      text = new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return mechanism.equalsIgnoreCase(OAUTHBEARER) ? oauthBearer(text) : xoauth2(text);
  }

  /** {@code user=<u>^Aauth=Bearer <t>^A^A}. */
  private static Optional<Bearer> xoauth2(String text) {
    if (!text.endsWith("\u0001\u0001")) {
      return Optional.empty();
    }
    String[] parts = text.substring(0, text.length() - 2).split("\u0001");
    if (parts.length != 2
        || !parts[0].startsWith("user=")
        || !parts[1].startsWith("auth=Bearer ")) {
      return Optional.empty();
    }
    return Optional.of(new Bearer(parts[0].substring(5), parts[1].substring(12)));
  }

  /**
   * RFC 7628 §3.1: {@code gs2-header kvsep *(kvpair) kvsep}, the GS2 header {@code n,a=<u>,}
   * (channel binding is not supported: {@code y} or {@code p} are refused), the {@code auth} pair
   * {@code Bearer <token>}.
   */
  private static Optional<Bearer> oauthBearer(String text) {
    if (!text.startsWith("n,") || !text.endsWith("\u0001\u0001")) {
      return Optional.empty();
    }
    int headerEnd = text.indexOf(',', 2);
    if (headerEnd < 0 || text.charAt(headerEnd + 1) != '\u0001') {
      return Optional.empty();
    }
    String authzid = text.substring(2, headerEnd);
    if (!authzid.startsWith("a=")) {
      return Optional.empty();
    }
    String user = authzid.substring(2).replace("=2C", ",").replace("=3D", "=");
    String token = null;
    for (String pair : text.substring(headerEnd + 2, text.length() - 2).split("\u0001")) {
      if (pair.startsWith("auth=Bearer ")) {
        token = pair.substring("auth=Bearer ".length());
      } else if (!pair.matches("[A-Za-z]+=.*")) {
        return Optional.empty();
      }
    }
    return token == null ? Optional.empty() : Optional.of(new Bearer(user, token));
  }

  /**
   * The base64 error challenge for a refused token: RFC 7628 §3.2.2 for OAUTHBEARER, what Gmail
   * sends for XOAUTH2.
   */
  String errorChallenge(String mechanism, String scope) {
    String json =
        mechanism.equalsIgnoreCase(OAUTHBEARER)
            ? "{\"status\":\"invalid_token\",\"scope\":\""
                + scope
                + "\",\"openid-configuration\":\""
                + discoveryUrl
                + "\"}"
            : "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"" + scope + "\"}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the client acknowledged the error challenge as the mechanism says. */
  static boolean acknowledged(String mechanism, String line) {
    return mechanism.equalsIgnoreCase(OAUTHBEARER) ? line.equals("AQ==") : line.isEmpty();
  }
}
