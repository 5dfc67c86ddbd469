package dev.mailgate.mail.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The two SASL mechanisms that carry an OAuth 2.0 bearer token to a mail server, with their client
 * responses.
 */
public enum OAuthMechanism {

  /**
   * Google's and Microsoft's mechanism: {@code user=<u>^Aauth=Bearer <token>^A^A}. After an error
   * challenge the client sends an empty response to get the final reply
   * (https://developers.google.com/workspace/gmail/imap/xoauth2-protocol).
   */
  XOAUTH2 {
    @Override
    public byte[] response(String user, String host, int port, String token) {
      return bytes("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001");
    }

    @Override
    public byte[] errorAcknowledgement() {
      return new byte[0];
    }
  },

  /**
   * RFC 7628: the GS2 header {@code n,a=<user>,} then {@code ^Ahost=..^Aport=..^Aauth=Bearer
   * <token>^A^A}. After an error challenge the client sends the single {@code %x01} (§3.2.3).
   */
  OAUTHBEARER {
    @Override
    public byte[] response(String user, String host, int port, String token) {
      // RFC 5801 §4: "," and "=" in the authorization identity are written =2C and =3D
      String authzid = user.replace("=", "=3D").replace(",", "=2C");
      // host and port are optional (RFC 7628 §3.1); a port not known (0) is left out
      return bytes(
          "n,a="
              + authzid
              + ",\u0001host="
              + host
              + (port > 0 ? "\u0001port=" + port : "")
              + "\u0001auth=Bearer "
              + token
              + "\u0001\u0001");
    }

    @Override
    public byte[] errorAcknowledgement() {
      return new byte[] {1};
    }
  };

  /** The client's (initial) response, not yet base64-encoded. */
  public abstract byte[] response(String user, String host, int port, String token);

  /** What the client answers an error challenge with, to get the server's final reply. */
  public abstract byte[] errorAcknowledgement();

  /** The response as it goes on the wire: base64 (RFC 4648 §4), without line breaks. */
  public String encodedResponse(String user, String host, int port, String token) {
    return Base64.getEncoder().encodeToString(response(user, host, port, token));
  }

  /**
   * The acknowledgement as it goes on the wire: {@code AQ==} for OAUTHBEARER, empty for XOAUTH2.
   */
  public String encodedErrorAcknowledgement() {
    return Base64.getEncoder().encodeToString(errorAcknowledgement());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
