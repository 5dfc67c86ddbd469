package dev.mailgate.mail.send;

import dev.mailgate.mail.StreamProviderLookup;
import dev.mailgate.mail.WriteTimeouts;
import dev.mailgate.mail.sasl.OAuthSignIn;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Hands one stored message to an SMTP server (RFC 5321, submission per RFC 6409) with Angus Mail,
 * byte for byte as stored: the raw MIME is not rewritten. Host names are always verified.
 * Recipients the server refuses do not stop the others ({@code sendpartial}); each one's reply is
 * reported. Failures are sorted by what to do next ({@link SmtpException}).
 */
public final class SmtpSender {

  static {
    StreamProviderLookup.skipServiceLoader();
  }

  private final SSLSocketFactory socketFactory;
  private final Duration timeout;
  private final SmtpOAuth oauth = new SmtpOAuth();

  public SmtpSender(SSLSocketFactory socketFactory, Duration timeout) {
    this.socketFactory = socketFactory;
    this.timeout = timeout;
  }

  /** Sends and reports each recipient's result; throws if the message was not accepted at all. */
  public List<RecipientResult> send(
      SmtpServer server, SmtpLogin login, String envelopeFrom, List<String> to, byte[] raw) {
    try (Connection connection = connect(server, login, envelopeFrom)) {
      return connection.send(to, raw);
    }
  }

  /**
   * Connects and signs in, for one or more messages from {@code envelopeFrom}: a refused sign-in
   * raises {@link SmtpException.AuthenticationRefused}, anything else {@link
   * SmtpException.Temporary}.
   */
  public Connection connect(SmtpServer server, SmtpLogin login, String envelopeFrom) {
    Session session = Session.getInstance(properties(server, login, envelopeFrom));
    return switch (login) {
      case SmtpLogin.Password password -> {
        SMTPTransport transport = new SMTPTransport(session, null);
        connect(transport, server, password);
        yield new Connection(session, transport, null);
      }
      case SmtpLogin.Xoauth2 token -> {
        SmtpOAuth.SignedIn signedIn = oauth.signIn(session, server, token);
        yield new Connection(session, signedIn.transport(), signedIn.signIn());
      }
    };
  }

  /**
   * A signed-in SMTP connection that hands over messages one after the other (RFC 5321 allows any
   * number of mail transactions per session). After a failure other than some recipients refused,
   * it is no longer {@link #usable()}: the caller closes it and connects again, rather than guess
   * in which state the server left the session.
   */
  public static final class Connection implements AutoCloseable {

    private final Session session;
    private final SMTPTransport transport;
    private final OAuthSignIn signIn;
    private boolean usable = true;

    private Connection(Session session, SMTPTransport transport, OAuthSignIn signIn) {
      this.session = session;
      this.transport = transport;
      this.signIn = signIn;
    }

    /** How an OAuth sign-in was spoken (mechanism, form); empty for a password. */
    public Optional<OAuthSignIn> signIn() {
      return Optional.ofNullable(signIn);
    }

    /**
     * False after a failure that leaves the session in doubt. Asks the server nothing: checking
     * with a NOOP before every message would cost a round trip per message.
     */
    public boolean usable() {
      return usable;
    }

    /** Whether the server still answers (a NOOP), for a connection that sat idle. */
    public boolean answers() {
      return usable && transport.isConnected();
    }

    /** Sends one message; throws if it was not accepted at all. */
    public List<RecipientResult> send(List<String> to, byte[] raw) {
      try {
        transport.sendMessage(new StoredBytes(session, raw), addresses(to));
        return to.stream().map(a -> new RecipientResult(a, true, null)).toList();
      } catch (SendFailedException e) {
        try {
          return partial(e, to, transport);
        } catch (SmtpException refused) {
          usable = false;
          throw refused;
        }
      } catch (MessagingException e) {
        usable = false;
        throw byReply(transport.getLastReturnCode(), reply(transport, e), e);
      }
    }

    @Override
    public void close() {
      closeQuietly(transport);
    }
  }

  /**
   * The stored bytes as Angus hands them to the server. Sending only writes the message out (the
   * envelope sender is a session property, the recipients are given), so it is not parsed: parsing
   * cost more CPU than the rest of a 4 KiB message's transaction, and a parsed message written out
   * again is the same bytes anyway. Bcc was removed when the message was queued.
   */
  private static final class StoredBytes extends MimeMessage {

    private final byte[] raw;

    StoredBytes(Session session, byte[] raw) {
      super(session);
      this.raw = raw;
    }

    @Override
    public void writeTo(OutputStream out, String[] ignoreHeaders) throws IOException {
      out.write(raw);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      out.write(raw);
    }
  }

  /** After the message is handed over a failing QUIT changes nothing: never a reason to resend. */
  static void closeQuietly(SMTPTransport transport) {
    try {
      transport.close();
    } catch (MessagingException e) {
      // the outcome is already known
    }
  }

  private static void connect(
      SMTPTransport transport, SmtpServer server, SmtpLogin.Password login) {
    try {
      transport.connect(server.host(), server.port(), login.user(), login.password());
    } catch (AuthenticationFailedException e) {
      throw new SmtpException.AuthenticationRefused(reply(transport, e), e);
    } catch (MessagingException e) {
      throw new SmtpException.Temporary(
          "Could not connect to " + server.host() + ":" + server.port() + ": " + e.getMessage(), e);
    }
  }

  /** Some or all recipients refused: what was accepted stands, the rest is reported. */
  private static List<RecipientResult> partial(
      SendFailedException e, List<String> to, SMTPTransport transport) {
    Set<String> sent = new HashSet<>();
    if (e.getValidSentAddresses() != null) {
      for (Address a : e.getValidSentAddresses()) {
        sent.add(((InternetAddress) a).getAddress());
      }
    }
    if (sent.isEmpty()) {
      throw byReply(lowestCode(e, transport), reply(transport, e), e);
    }
    List<RecipientResult> results = new ArrayList<>();
    for (String address : to) {
      results.add(
          sent.contains(address)
              ? new RecipientResult(address, true, null)
              : new RecipientResult(address, false, refusal(e, address)));
    }
    return results;
  }

  /** A 4xx among the refusals makes the whole refusal temporary. */
  private static int lowestCode(SendFailedException e, SMTPTransport transport) {
    int lowest = Integer.MAX_VALUE;
    for (Exception next = e.getNextException();
        next instanceof MessagingException m;
        next = m.getNextException()) {
      if (m instanceof SMTPAddressFailedException failed) {
        lowest = Math.min(lowest, failed.getReturnCode());
      }
    }
    return lowest == Integer.MAX_VALUE ? transport.getLastReturnCode() : lowest;
  }

  private static String refusal(SendFailedException e, String address) {
    for (Exception next = e.getNextException();
        next instanceof MessagingException m;
        next = m.getNextException()) {
      if (m instanceof SMTPAddressFailedException failed
          && failed.getAddress().getAddress().equals(address)) {
        String text = failed.getMessage().strip();
        String code = String.valueOf(failed.getReturnCode());
        return text.startsWith(code) ? text : code + " " + text;
      }
    }
    return "refused";
  }

  private static SmtpException byReply(int code, String reply, Exception cause) {
    return code >= 500 && code < 600
        ? new SmtpException.Permanent(reply, cause)
        : new SmtpException.Temporary(reply, cause);
  }

  private static String reply(SMTPTransport transport, MessagingException e) {
    String last = transport.getLastServerResponse();
    return last == null || last.isBlank() ? String.valueOf(e.getMessage()) : last.strip();
  }

  private static Address[] addresses(List<String> to) throws MessagingException {
    Address[] result = new Address[to.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = new InternetAddress(to.get(i), false);
    }
    return result;
  }

  private Properties properties(SmtpServer server, SmtpLogin login, String envelopeFrom) {
    Properties p = new Properties();
    String millis = String.valueOf(timeout.toMillis());
    p.put("mail.smtp.connectiontimeout", millis);
    p.put("mail.smtp.timeout", millis);
    WriteTimeouts.apply(p, "mail.smtp.", timeout); // shared timer threads
    p.put("mail.smtp.from", envelopeFrom);
    // OAuth is spoken by SmtpOAuth after Angus has connected (and done STARTTLS and EHLO):
    // Angus sends XOAUTH2 only with the response on the AUTH line and drops the error challenge
    boolean password = login instanceof SmtpLogin.Password;
    p.put("mail.smtp.auth", String.valueOf(password));
    p.put("mail.smtp.sendpartial", "true");
    if (password) {
      p.put("mail.smtp.auth.mechanisms", "PLAIN LOGIN");
    }
    p.put("mail.smtp.ssl.checkserveridentity", "true");
    p.put("mail.smtp.ssl.socketFactory", socketFactory);
    switch (server.security()) {
      case SSL_TLS -> p.put("mail.smtp.ssl.enable", "true");
      case STARTTLS -> {
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
      }
      case NONE -> {}
    }
    return p;
  }
}
