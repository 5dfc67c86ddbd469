package dev.mailgate.mail.send;

import dev.mailgate.mail.sasl.OAuthMechanism;
import dev.mailgate.mail.sasl.OAuthSignIn;
import dev.mailgate.mail.sasl.ResponseForm;
import dev.mailgate.mail.sasl.ResponseForms;
import dev.mailgate.mail.sasl.SaslExchange;
import dev.mailgate.mail.sasl.SaslProtocol;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * The OAuth sign-in of the sender (ADR 0019). Angus connects with {@code mail.smtp.auth=false}
 * (TLS, STARTTLS and EHLO as usual), then the AUTH exchange goes through Angus's public {@code
 * simpleCommand} as {@link SaslExchange} speaks it: the mechanism from the EHLO {@code AUTH} line
 * and the account's setting, the initial response on the AUTH line only where the line fits ({@link
 * ResponseForms#smtp}), the error challenge answered to get the final reply.
 *
 * <p>A server that refuses the AUTH line itself ({@code 500}/{@code 501}, or closing the connection
 * on it, as Dovecot submission may after {@code 500 5.5.2 Line too long}) gets the two-line form
 * once more, on the same connection if it is still open, else on a new one; it is remembered, so
 * later connections to it go two-line at once.
 */
final class SmtpOAuth {

  /** A signed-in transport and how the sign-in was spoken. */
  record SignedIn(SMTPTransport transport, OAuthSignIn signIn) {}

  private final Set<String> twoLineServers = ConcurrentHashMap.newKeySet();

  SignedIn signIn(Session session, SmtpServer server, SmtpLogin.Xoauth2 login) {
    String key = server.host().toLowerCase(java.util.Locale.ROOT) + ":" + server.port();
    SMTPTransport transport = open(session, server);
    OAuthMechanism mechanism = login.mechanism().choose(offered(transport));
    String response =
        mechanism.encodedResponse(login.user(), server.host(), server.port(), login.accessToken());
    ResponseForm form =
        twoLineServers.contains(key)
            ? ResponseForm.TWO_LINE
            : ResponseForms.smtp(mechanism, response, ResponseForms.smtpLineLimit(server.host()));
    SaslExchange.Result result;
    try {
      result = exchange(transport, mechanism, form, response, false);
    } catch (IOException lost) {
      SmtpSender.closeQuietly(transport);
      if (form == ResponseForm.TWO_LINE) {
        throw lost(server, lost);
      }
      result = null;
    }
    if (result == null || result.lineRefused()) {
      twoLineServers.add(key);
      if (result == null || !transport.isConnected()) {
        SmtpSender.closeQuietly(transport);
        transport = open(session, server);
      }
      try {
        result = exchange(transport, mechanism, ResponseForm.TWO_LINE, response, true);
      } catch (IOException lost) {
        SmtpSender.closeQuietly(transport);
        throw lost(server, lost);
      }
    }
    if (!result.accepted()) {
      SmtpSender.closeQuietly(transport);
      throw new SmtpException.AuthenticationRefused(result.refusal());
    }
    return new SignedIn(transport, result.signIn());
  }

  /** Connects without signing in: {@code mail.smtp.auth} is false and no user is given. */
  private static SMTPTransport open(Session session, SmtpServer server) {
    SMTPTransport transport = new SMTPTransport(session, null);
    try {
      transport.connect(server.host(), server.port(), null, null);
      return transport;
    } catch (MessagingException e) {
      SmtpSender.closeQuietly(transport);
      throw new SmtpException.Temporary(
          "Could not connect to " + server.host() + ":" + server.port() + ": " + e.getMessage(), e);
    }
  }

  /** The SASL mechanisms of the EHLO {@code AUTH} line. */
  private static List<String> offered(SMTPTransport transport) {
    String auth = transport.getExtensionParameter("AUTH");
    return auth == null ? List.of() : Arrays.asList(auth.strip().split("\\s+"));
  }

  private static SaslExchange.Result exchange(
      SMTPTransport transport,
      OAuthMechanism mechanism,
      ResponseForm form,
      String response,
      boolean fellBack)
      throws IOException {
    SaslExchange.Wire wire =
        new SaslExchange.Wire() {
          @Override
          public String command(String command) throws IOException {
            return send(transport, command);
          }

          @Override
          public String respond(String line) throws IOException {
            return send(transport, line);
          }
        };
    return SaslExchange.authenticate(SaslProtocol.SMTP, wire, mechanism, form, response, fellBack);
  }

  /** One line and the server's reply; a closed connection or an unreadable reply is lost. */
  private static String send(SMTPTransport transport, String line) throws IOException {
    try {
      int code = transport.simpleCommand(line);
      String reply = transport.getLastServerResponse();
      if (code < 0 || reply == null || reply.isBlank()) {
        throw new IOException(
            "the server closed the connection"
                + (reply == null || reply.isBlank() || reply.startsWith("[EOF]")
                    ? ""
                    : " after: " + reply.strip()));
      }
      return reply.strip();
    } catch (MessagingException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static SmtpException lost(SmtpServer server, IOException e) {
    return new SmtpException.Temporary(
        "The connection to "
            + server.host()
            + ":"
            + server.port()
            + " was lost during AUTH: "
            + e.getMessage(),
        e);
  }
}
