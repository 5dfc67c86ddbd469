package dev.mailgate.mail.inbound;

import dev.mailgate.mail.StreamProviderLookup;
import dev.mailgate.mail.WriteTimeouts;
import dev.mailgate.mail.inbound.MailServer.Security;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.mail.sasl.OAuthSaslClients;
import dev.mailgate.mail.sasl.OAuthSaslContext;
import dev.mailgate.mail.sasl.SaslProtocol;
import dev.mailgate.mail.sasl.SaslRefusal;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * Angus Mail sessions for the readers: TLS through Mailgate's socket factory with the host name
 * checked, XOAUTH2 for a token, {@code peek} so fetching never sets \Seen before the message is
 * stored, and timeouts so a dead server cannot hang a poll.
 */
final class MailSessions {

  static {
    StreamProviderLookup.skipServiceLoader();
    OAuthSaslClients.register();
  }

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int FETCH_SIZE = 1024 * 1024;

  private MailSessions() {}

  /** Connects a store of {@code protocol} ("imap") to the server. */
  static Store connect(String protocol, MailServer server, SSLSocketFactory tls) {
    return connect(protocol, server, tls, new Properties());
  }

  /**
   * As {@link #connect(String, MailServer, SSLSocketFactory)}, with extra session properties whose
   * names leave out the {@code mail.<protocol>.} prefix (e.g. {@code usesocketchannels}).
   */
  static Store connect(String protocol, MailServer server, SSLSocketFactory tls, Properties extra) {
    return connect(session(protocol, server, tls, extra, new Properties()), protocol, server);
  }

  /**
   * A session for {@code protocol} on servers like {@code server} (security and kind of sign-in;
   * not host or secret, so one session can serve many mailboxes).
   *
   * @param extra properties named without the {@code mail.<protocol>.} prefix
   * @param global properties named in full (e.g. {@code mail.event.scope})
   */
  static Session session(
      String protocol,
      MailServer server,
      SSLSocketFactory tls,
      Properties extra,
      Properties global) {
    String wire = wire(protocol, server);
    String prefix = "mail." + wire + ".";
    Properties properties = new Properties();
    properties.putAll(global);
    properties.put(prefix + "connectiontimeout", Long.toString(TIMEOUT.toMillis()));
    properties.put(prefix + "timeout", Long.toString(TIMEOUT.toMillis()));
    WriteTimeouts.apply(
        properties, prefix, TIMEOUT); // shared timer threads, not one per connection
    properties.put(prefix + "peek", "true");
    // a big message in 1 MB pieces rather than Angus's default 16 KB: fewer round trips
    properties.put(prefix + "fetchsize", Integer.toString(FETCH_SIZE));
    extra.forEach((name, value) -> properties.put(prefix + name, value));
    if (server.signIn() instanceof SignIn.AccessToken token) {
      oauth(prefix, token, properties);
    }
    if (server.security() != Security.NONE) {
      properties.put(prefix + "ssl.socketFactory", tls);
      properties.put(prefix + "ssl.checkserveridentity", "true");
    }
    if (server.security() == Security.STARTTLS) {
      properties.put(prefix + "starttls.enable", "true");
      properties.put(prefix + "starttls.required", "true");
    }
    return Session.getInstance(properties);
  }

  /**
   * How a token signs in on IMAP (ADR 0019): through Angus's SASL support and {@link
   * OAuthSaslClients}, the mechanisms in the setting's order (Angus keeps those the server offers),
   * the initial response with SASL-IR only, the error challenge answered. (POP3 is Mailgate's own
   * {@link Pop3Session}.)
   */
  private static void oauth(String prefix, SignIn.AccessToken token, Properties properties) {
    properties.put(prefix + "sasl.enable", "true");
    properties.put(
        prefix + "sasl.mechanisms",
        switch (token.mechanism()) {
          case AUTO -> "OAUTHBEARER XOAUTH2";
          case XOAUTH2 -> "XOAUTH2";
          case OAUTHBEARER -> "OAUTHBEARER";
        });
    // where SASL finds no mechanism offered, Angus tries these: only XOAUTH2 unless forced
    properties.put(
        prefix + "auth.mechanisms",
        token.mechanism() == MechanismSetting.OAUTHBEARER ? "OAUTHBEARER" : "XOAUTH2");
  }

  /** Connects a store of the session to the server and signs in. */
  static Store connect(Session session, String protocol, MailServer server) {
    try (OAuthSaslContext sasl = OAuthSaslContext.open(server.port())) {
      try {
        Store store = session.getStore(wire(protocol, server));
        store.connect(server.host(), server.port(), server.username(), server.signIn().secret());
        return store;
      } catch (AuthenticationFailedException e) {
        throw new MailboxAuthenticationException(
            where(server) + " refused the sign-in of " + server.username() + ": " + e.getMessage(),
            e,
            refusal(sasl, e).orElse(null));
      }
    } catch (MessagingException e) {
      throw new MailboxException("cannot connect to " + where(server) + ": " + e.getMessage(), e);
    }
  }

  /** What Mailgate's SASL clients learnt of a refused IMAP sign-in. */
  private static Optional<SaslRefusal> refusal(
      OAuthSaslContext sasl, AuthenticationFailedException e) {
    return sasl.signIn(SaslProtocol.IMAP)
        .map(signIn -> new SaslRefusal(signIn, sasl.challenge().orElse(null), e.getMessage()));
  }

  private static String wire(String protocol, MailServer server) {
    return server.security() == Security.SSL_TLS ? protocol + "s" : protocol;
  }

  static String where(MailServer server) {
    return server.host() + ":" + server.port();
  }
}
