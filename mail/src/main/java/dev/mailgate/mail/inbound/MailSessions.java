package dev.mailgate.mail.inbound;

import dev.mailgate.mail.inbound.MailServer.Security;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * Angus Mail sessions for the readers: TLS through Mailgate's socket factory with the host name
 * checked, XOAUTH2 for a token, {@code peek} so fetching never sets \Seen before the message is
 * stored, and timeouts so a dead server cannot hang a poll.
 */
final class MailSessions {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private MailSessions() {}

  /** Connects a store of {@code protocol} ("imap" or "pop3") to the server. */
  static Store connect(String protocol, MailServer server, SSLSocketFactory tls) {
    String wire = server.security() == Security.SSL_TLS ? protocol + "s" : protocol;
    String prefix = "mail." + wire + ".";
    Properties properties = new Properties();
    properties.put(prefix + "connectiontimeout", Long.toString(TIMEOUT.toMillis()));
    properties.put(prefix + "timeout", Long.toString(TIMEOUT.toMillis()));
    properties.put(prefix + "writetimeout", Long.toString(TIMEOUT.toMillis()));
    properties.put(prefix + "peek", "true");
    if (server.signIn() instanceof SignIn.AccessToken) {
      properties.put(prefix + "auth.mechanisms", "XOAUTH2");
    }
    if (server.security() != Security.NONE) {
      properties.put(prefix + "ssl.socketFactory", tls);
      properties.put(prefix + "ssl.checkserveridentity", "true");
    }
    if (server.security() == Security.STARTTLS) {
      properties.put(prefix + "starttls.enable", "true");
      properties.put(prefix + "starttls.required", "true");
    }
    try {
      Store store = Session.getInstance(properties).getStore(wire);
      store.connect(server.host(), server.port(), server.username(), server.signIn().secret());
      return store;
    } catch (AuthenticationFailedException e) {
      throw new MailboxAuthenticationException(
          where(server) + " refused the sign-in of " + server.username() + ": " + e.getMessage(),
          e);
    } catch (MessagingException e) {
      throw new MailboxException("cannot connect to " + where(server) + ": " + e.getMessage(), e);
    }
  }

  static String where(MailServer server) {
    return server.host() + ":" + server.port();
  }
}
