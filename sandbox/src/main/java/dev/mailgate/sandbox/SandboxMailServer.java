package dev.mailgate.sandbox;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserImpl;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The sandbox mail server: GreenMail with SMTP, SMTPS, IMAP, IMAPS, POP3 and POP3S on loopback,
 * authentication required. An OAuth mailbox accepts XOAUTH2 only with a valid sandbox token for
 * that mailbox (or a delegate) carrying the protocol's scope, as Microsoft 365 or Gmail would; a
 * password mailbox takes LOGIN/PLAIN/USER-PASS. GreenMail offers no STARTTLS; its TLS ports use its
 * own self-signed certificate for {@code localhost}, see {@link #trustStore()}.
 */
public final class SandboxMailServer implements AutoCloseable {

  /** The password of {@link #trustStore()}. */
  public static final String TRUST_STORE_PASSWORD = "changeit";

  private final GreenMail greenMail;
  private final SandboxTokenVerifier verifier;
  private final Map<String, Set<String>> delegates = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Deque<String> refusals = new ConcurrentLinkedDeque<>();

  public SandboxMailServer(SandboxPorts ports, SandboxOAuthProvider provider) {
    String host = "127.0.0.1";
    greenMail =
        new GreenMail(
            new ServerSetup[] {
              new ServerSetup(ports.smtp(), host, ServerSetup.PROTOCOL_SMTP),
              new ServerSetup(ports.smtps(), host, ServerSetup.PROTOCOL_SMTPS),
              new ServerSetup(ports.imap(), host, ServerSetup.PROTOCOL_IMAP),
              new ServerSetup(ports.imaps(), host, ServerSetup.PROTOCOL_IMAPS),
              new ServerSetup(ports.pop3(), host, ServerSetup.PROTOCOL_POP3),
              new ServerSetup(ports.pop3s(), host, ServerSetup.PROTOCOL_POP3S)
            });
    useSandboxCertificate();
    greenMail.getUserManager().setAuthRequired(true);
    verifier = new SandboxTokenVerifier(provider.issuer(), provider.jwksUrl());
    greenMail.start();
  }

  /** A mailbox that signs in only with XOAUTH2 and a sandbox token for it. */
  public void addOAuthMailbox(String address) {
    String mailbox = address.toLowerCase(Locale.ROOT);
    // A password nobody knows: the mailbox is reachable only through OAuth.
    byte[] secret = new byte[24];
    random.nextBytes(secret);
    GreenMailUser user = createUser(mailbox, Arrays.toString(secret));
    ((UserImpl) user)
        .setTokenValidator(
            new MailboxTokenValidator(
                mailbox,
                verifier,
                () -> delegates.getOrDefault(mailbox, Set.of()),
                refusals::addLast));
  }

  /** A mailbox that signs in with a password. */
  public void addPasswordMailbox(String address, String password) {
    createUser(address.toLowerCase(Locale.ROOT), password);
  }

  /** Why the server refused XOAUTH2 logins so far, oldest first (e.g. "...: Expired JWT"). */
  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  /** Lets a delegate's token open a shared mailbox (Microsoft's "Full Access" permission). */
  public void grantAccess(String mailbox, String delegate) {
    delegates
        .computeIfAbsent(mailbox.toLowerCase(Locale.ROOT), k -> ConcurrentHashMap.newKeySet())
        .add(delegate.toLowerCase(Locale.ROOT));
  }

  /** Puts a message straight into a mailbox, as if it had arrived from outside. */
  public void deliver(String address, MimeMessage message) {
    GreenMailUser user =
        greenMail.getUserManager().getUserByEmail(address.toLowerCase(Locale.ROOT));
    if (user == null) {
      throw new IllegalArgumentException("no sandbox mailbox " + address);
    }
    user.deliver(message);
  }

  /** Every message the server received by SMTP (or {@link #deliver}), oldest first. */
  public List<MimeMessage> receivedMessages() {
    return List.of(greenMail.getReceivedMessages());
  }

  /** The messages in a mailbox's INBOX now (Bcc recipients included), oldest first. */
  public List<MimeMessage> inbox(String address) {
    GreenMailUser user =
        greenMail.getUserManager().getUserByEmail(address.toLowerCase(Locale.ROOT));
    if (user == null) {
      throw new IllegalArgumentException("no sandbox mailbox " + address);
    }
    try {
      return greenMail.getManagers().getImapHostManager().getInbox(user).getMessages().stream()
          .map(StoredMessage::getMimeMessage)
          .toList();
    } catch (FolderException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean waitForMessages(int count, long timeoutMillis) {
    return greenMail.waitForIncomingEmail(timeoutMillis, count);
  }

  /**
   * A PKCS12 trust store holding the certificate of the TLS ports (issued to {@code localhost} and
   * {@code 127.0.0.1}), for a client's trust store (Mailgate: {@code mailgate.mail.trust-store});
   * password {@value #TRUST_STORE_PASSWORD}.
   */
  public static Path trustStore() {
    return extract("sandbox-trust.p12");
  }

  /**
   * GreenMail's TLS ports present the sandbox's own certificate, valid for localhost and 127.0.0.1,
   * so clients can verify the host name as they must with a real server. GreenMail reads its key
   * store from these JVM-wide properties when it opens a TLS port.
   */
  private static void useSandboxCertificate() {
    System.setProperty("greenmail.tls.keystore.file", extract("sandbox-tls.p12").toString());
    System.setProperty("greenmail.tls.keystore.password", TRUST_STORE_PASSWORD);
    System.setProperty("greenmail.tls.key.password", TRUST_STORE_PASSWORD);
  }

  private static Path extract(String resource) {
    try (InputStream in = SandboxMailServer.class.getResourceAsStream(resource)) {
      Path file = Files.createTempFile("mailgate-" + resource.replace(".p12", ""), ".p12");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  private GreenMailUser createUser(String mailbox, String password) {
    try {
      return greenMail.getUserManager().createUser(mailbox, mailbox, password);
    } catch (UserException e) {
      throw new IllegalStateException("cannot create sandbox mailbox " + mailbox, e);
    }
  }
}
