package dev.mailgate.mail.listen;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.TooMuchDataException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * An SMTP submission server (RFC 6409) for applications on the same host, over SubEthaSMTP: every
 * session must sign in with AUTH PLAIN or LOGIN (RFC 4954; a wrong password is refused with 535)
 * before MAIL FROM, and with a TLS context STARTTLS (RFC 3207) is required before that. A message
 * is handed to the {@link Acceptor} whole, with the signed-in user; its answer is the reply to the
 * final dot, so a client is told "250" only once the message is safely queued.
 */
public final class SubmissionListener implements AutoCloseable {

  /** Checks a client's user name and password. */
  public interface Clients {
    boolean signIn(String user, String password);
  }

  /** Takes one submitted message; a {@link Refused} becomes the SMTP reply. */
  public interface Acceptor {
    void accept(String user, String envelopeFrom, List<String> recipients, byte[] raw)
        throws Refused;
  }

  /** A message not taken, with the SMTP reply code (4xx: try later, 5xx: do not) and why. */
  public static final class Refused extends Exception {

    private final int code;

    public Refused(int code, String reason) {
      super(reason);
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  /** Where the listener binds and what it accepts. */
  public record Settings(
      InetAddress address,
      int port,
      SSLContext tls,
      int maxMessageSize,
      int maxConnections,
      int timeoutSeconds) {}

  private final SMTPServer server;

  private SubmissionListener(SMTPServer server) {
    this.server = server;
  }

  public static SubmissionListener start(Settings settings, Clients clients, Acceptor acceptor) {
    SMTPServer.Builder builder =
        new SMTPServer.Builder()
            .bindAddress(settings.address())
            .port(settings.port())
            .softwareName("Mailgate")
            .serverThreadName("smtp-listener")
            .maxMessageSize(settings.maxMessageSize())
            .maxConnections(settings.maxConnections())
            .connectionTimeout(settings.timeoutSeconds(), TimeUnit.SECONDS)
            .requireAuth()
            .authenticationHandlerFactory(
                new EasyAuthenticationHandlerFactory(
                    (user, password, context) -> {
                      if (!clients.signIn(user, password)) {
                        throw new LoginFailedException();
                      }
                    }))
            .messageHandlerFactory(context -> new Submission(context, acceptor));
    if (settings.tls() != null) {
      builder.enableTLS().requireTLS().startTlsSocketFactory(settings.tls());
    }
    SMTPServer server = builder.build();
    server.start();
    return new SubmissionListener(server);
  }

  /** The port listened on (the one chosen by the system when 0 was asked for). */
  public int port() {
    return server.getPortAllocated();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** One MAIL FROM ... DATA transaction of a signed-in session. */
  private static final class Submission implements MessageHandler {

    private final MessageContext context;
    private final Acceptor acceptor;
    private final List<String> recipients = new ArrayList<>();
    private String from;

    Submission(MessageContext context, Acceptor acceptor) {
      this.context = context;
      this.acceptor = acceptor;
    }

    @Override
    public void from(String from) {
      this.from = from;
    }

    @Override
    public void recipient(String recipient) {
      recipients.add(recipient);
    }

    @Override
    public String data(InputStream data) throws RejectException, TooMuchDataException, IOException {
      byte[] raw = data.readAllBytes();
      String user =
          context
              .getAuthenticationHandler()
              .map(AuthenticationHandler::getIdentity)
              .map(String::valueOf)
              .orElseThrow(() -> new RejectException(530, "5.7.0 Authentication required"));
      try {
        acceptor.accept(user, from, List.copyOf(recipients), raw);
      } catch (Refused e) {
        throw new RejectException(e.code(), e.getMessage().replaceAll("[\r\n]+", " "));
      } catch (RuntimeException e) {
        // nothing was queued: the client keeps the message and tries again
        throw new RejectException(451, "4.3.0 Mailgate could not queue the message; try again");
      }
      return null;
    }

    @Override
    public void done() {}
  }
}
