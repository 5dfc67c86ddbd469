package dev.mailgate.mail.sasl;

import java.io.IOException;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;

/**
 * XOAUTH2 and OAUTHBEARER as Java SASL clients, for Angus Mail's IMAP store ({@code
 * mail.imap.sasl.enable}), which finds SASL mechanisms through the {@link java.security.Provider}s
 * as it does its own XOAUTH2 client. Ours answer the error challenge with the mechanism's dummy
 * response and keep its JSON ({@link OAuthSaslContext}); Angus's XOAUTH2 client reports itself
 * complete after the first response, so Angus never shows it the challenge.
 *
 * <p>The provider goes first in the list, so our XOAUTH2 is chosen over Angus's: it offers only
 * these two SASL client factories, so no other lookup sees it.
 */
public final class OAuthSaslClients {

  private static final String PROVIDER = "Mailgate-OAuth-SASL";

  private OAuthSaslClients() {}

  /** Registers the provider once (idempotent). */
  public static synchronized void register() {
    if (Security.getProvider(PROVIDER) == null) {
      Security.insertProviderAt(new OAuthProvider(), 1);
    }
  }

  private static final class OAuthProvider extends Provider {

    private static final long serialVersionUID = 1L;

    OAuthProvider() {
      super(PROVIDER, "1.0", "XOAUTH2 and OAUTHBEARER SASL clients of Mailgate");
      for (OAuthMechanism mechanism : OAuthMechanism.values()) {
        putService(new FactoryService(this, mechanism));
      }
    }
  }

  private static final class FactoryService extends Provider.Service {

    private final OAuthMechanism mechanism;

    FactoryService(Provider provider, OAuthMechanism mechanism) {
      super(provider, "SaslClientFactory", mechanism.name(), Factory.class.getName(), null, null);
      this.mechanism = mechanism;
    }

    @Override
    public Object newInstance(Object constructorParameter) {
      return new Factory(mechanism);
    }
  }

  private record Factory(OAuthMechanism mechanism) implements SaslClientFactory {

    @Override
    public SaslClient createSaslClient(
        String[] mechanisms,
        String authorizationId,
        String protocol,
        String serverName,
        Map<String, ?> props,
        CallbackHandler handler) {
      for (String name : mechanisms) {
        if (mechanism.name().equalsIgnoreCase(name)) {
          return new Client(mechanism, serverName, handler);
        }
      }
      return null;
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
      return new String[] {mechanism.name()};
    }
  }

  /**
   * Answers the first challenge (empty, or none with SASL-IR) with the response, and a second one,
   * the error challenge, with the dummy response; complete only after that, so that Angus hands it
   * the error challenge instead of answering for it.
   */
  private static final class Client implements SaslClient {

    private final OAuthMechanism mechanism;
    private final String host;
    private final CallbackHandler handler;
    private boolean responded;
    private boolean complete;

    Client(OAuthMechanism mechanism, String host, CallbackHandler handler) {
      this.mechanism = mechanism;
      this.host = host;
      this.handler = handler;
    }

    @Override
    public String getMechanismName() {
      return mechanism.name();
    }

    /** Angus asks this only of a server with SASL-IR, so the context learns the form here. */
    @Override
    public boolean hasInitialResponse() {
      OAuthSaslContext.initialResponse();
      return true;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
      if (!responded) {
        responded = true;
        OAuthSaslContext.used(mechanism);
        return response();
      }
      OAuthSaslContext.challenged(challenge);
      complete = true;
      return mechanism.errorAcknowledgement();
    }

    private byte[] response() throws SaslException {
      NameCallback name = new NameCallback("user");
      PasswordCallback token = new PasswordCallback("access token", false);
      try {
        handler.handle(new Callback[] {name, token});
      } catch (IOException | UnsupportedCallbackException e) {
        throw new SaslException("cannot get the user and token", e);
      }
      String secret = new String(token.getPassword());
      token.clearPassword();
      return mechanism.response(name.getName(), host, OAuthSaslContext.port(), secret);
    }

    @Override
    public boolean isComplete() {
      return complete;
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) {
      throw new IllegalStateException(mechanism + " has no security layer");
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) {
      throw new IllegalStateException(mechanism + " has no security layer");
    }

    @Override
    public Object getNegotiatedProperty(String name) {
      return null;
    }

    @Override
    public void dispose() {}
  }
}
