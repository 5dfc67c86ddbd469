package dev.mailgate.mail.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What one sign-in through {@link OAuthSaslClients} needs and learns, on the signing-in thread (a
 * store connects on the caller's thread): the port for OAUTHBEARER's {@code port} pair, which Java
 * SASL does not pass, and afterwards the mechanism used and the error challenge, if any. A sign-in
 * outside a context (Angus logging in a further connection of its pool) sends no port and keeps
 * nothing.
 */
public final class OAuthSaslContext implements AutoCloseable {

  private static final ThreadLocal<OAuthSaslContext> CURRENT = new ThreadLocal<>();

  private final int port;
  private OAuthMechanism mechanism;
  private ErrorChallenge challenge;
  private boolean initialResponse;

  private OAuthSaslContext(int port) {
    this.port = port;
  }

  /** Opens the context of a sign-in to {@code port} on this thread; close it afterwards. */
  public static OAuthSaslContext open(int port) {
    OAuthSaslContext context = new OAuthSaslContext(port);
    CURRENT.set(context);
    return context;
  }

  /** The mechanism a SASL client answered with, if one did. */
  public Optional<OAuthMechanism> mechanism() {
    return Optional.ofNullable(mechanism);
  }

  /** The form: with SASL-IR the response went on the AUTHENTICATE line. */
  public ResponseForm form() {
    return initialResponse ? ResponseForm.INITIAL_RESPONSE : ResponseForm.TWO_LINE;
  }

  /** How the sign-in was spoken, if one of Mailgate's SASL clients spoke it. */
  public Optional<OAuthSignIn> signIn(SaslProtocol protocol) {
    return mechanism().map(m -> new OAuthSignIn(protocol, m, form(), false));
  }

  /** The decoded error challenge, if the server sent one. */
  public Optional<ErrorChallenge> challenge() {
    return Optional.ofNullable(challenge);
  }

  static int port() {
    OAuthSaslContext context = CURRENT.get();
    return context == null ? 0 : context.port;
  }

  static void used(OAuthMechanism mechanism) {
    OAuthSaslContext context = CURRENT.get();
    if (context != null) {
      context.mechanism = mechanism;
    }
  }

  static void initialResponse() {
    OAuthSaslContext context = CURRENT.get();
    if (context != null) {
      context.initialResponse = true;
    }
  }

  static void challenged(byte[] decoded) {
    OAuthSaslContext context = CURRENT.get();
    if (context != null) {
      String base64 = Base64.getEncoder().encodeToString(decoded);
      context.challenge =
          ErrorChallenge.decode(base64)
              .orElse(
                  new ErrorChallenge(
                      new String(decoded, StandardCharsets.UTF_8), null, null, null, null));
    }
  }

  @Override
  public void close() {
    CURRENT.remove();
  }
}
