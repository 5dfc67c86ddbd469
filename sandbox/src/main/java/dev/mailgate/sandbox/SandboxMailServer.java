package dev.mailgate.sandbox;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserImpl;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The sandbox mail server: GreenMail with SMTP, SMTPS, IMAP, IMAPS, POP3 and POP3S on 127.0.0.1,
 * authentication required. An OAuth mailbox accepts XOAUTH2 only with a valid sandbox token for
 * that mailbox (or a delegate) carrying the protocol's scope ({@link MailboxTokenValidator}), as
 * Exchange Online or Gmail would; a password mailbox takes LOGIN, PLAIN and USER/PASS.
 *
 * <p>What GreenMail 2.1.x cannot do, and so the sandbox does not either:
 *
 * <ul>
 *   <li>STARTTLS: no protocol offers it (no {@code STARTTLS} in EHLO or CAPABILITY, no {@code
 *       STLS}). The plain ports are plain text; TLS is on the SMTPS, IMAPS and POP3S ports only,
 *       with the certificate {@link #trustStore()} trusts.
 *   <li>The error challenge on IMAP and POP3: a refused token gets the plain failure (a tagged
 *       {@code NO} on IMAP, {@code -ERR} on POP3), not the base64 JSON status first. SMTP sends it
 *       ({@link SandboxSmtpAuth}). {@link #refusals()} tells tests why.
 *   <li>Requiring AUTH before SMTP {@code MAIL FROM}: GreenMail accepts unauthenticated submission,
 *       which Exchange Online's port 587 does not.
 * </ul>
 *
 * <p>Mail to an address that has no mailbox creates an OAuth mailbox for it, as if the address
 * existed at the provider; GreenMail alone would create one whose password is its address.
 */
public final class SandboxMailServer implements AutoCloseable {

  /** The password of {@link #trustStore()}. */
  public static final String TRUST_STORE_PASSWORD = SandboxCertificate.PASSWORD;

  private static final String HOST = "127.0.0.1";
  private static final int REFUSALS_KEPT = 500;

  private final GreenMail greenMail;
  private final SandboxTokenVerifier verifier;
  private final int oauthPort;
  private final Map<String, Set<String>> delegates = new ConcurrentHashMap<>();
  private final Deque<String> refusals = new ConcurrentLinkedDeque<>();
  private final RecipientReplies recipientReplies = new RecipientReplies();
  private final SignInReplies signInReplies = SignInReplies.smtp();
  private final SignInReplies pop3SignInReplies = SignInReplies.pop3();
  private final SandboxSasl sasl;
  private final Set<String> revokedTokens = ConcurrentHashMap.newKeySet();
  private final SecureRandom random = new SecureRandom();

  private final SandboxDirectory directory;

  public SandboxMailServer(SandboxPorts ports, SandboxOAuthProvider provider) {
    this(ports, provider, Clock.systemUTC());
  }

  /**
   * Starts the mail server.
   *
   * @param ports its ports (the {@code oauth} one is ignored), 0 for free ones
   * @param provider the issuer whose tokens it accepts
   * @param clock what "expired" is measured on
   */
  public SandboxMailServer(SandboxPorts ports, SandboxOAuthProvider provider, Clock clock) {
    this.oauthPort = provider.port();
    this.directory = provider.directory();
    this.verifier = new SandboxTokenVerifier(provider.issuer(), provider.jwksUrl(), clock);
    this.sasl = new SandboxSasl(provider.discoveryUrl());
    greenMail =
        new ScriptedGreenMail(
            new ServerSetup[] {
              new ServerSetup(ports.smtp(), HOST, ServerSetup.PROTOCOL_SMTP),
              new ServerSetup(ports.smtps(), HOST, ServerSetup.PROTOCOL_SMTPS),
              new ServerSetup(ports.imap(), HOST, ServerSetup.PROTOCOL_IMAP),
              new ServerSetup(ports.imaps(), HOST, ServerSetup.PROTOCOL_IMAPS),
              new ServerSetup(ports.pop3(), HOST, ServerSetup.PROTOCOL_POP3),
              new ServerSetup(ports.pop3s(), HOST, ServerSetup.PROTOCOL_POP3S)
            },
            recipientReplies,
            sasl,
            signInReplies,
            pop3SignInReplies);
    SandboxCertificate.useForGreenMail();
    UserManager users = greenMail.getUserManager();
    users.setAuthRequired(true);
    users.setMessageDeliveryHandler(this::recipient);
    // an access token the provider revoked is refused here, as a resource server checking would
    provider.onAccessTokenRevoked(this::revokeAccessToken);
    try {
      greenMail.start();
    } catch (RuntimeException e) {
      greenMail.stop();
      throw new SandboxException(
          "The sandbox mail server cannot listen on 127.0.0.1 (" + ports + "): " + e.getMessage(),
          e);
    }
  }

  /** The ports it listens on, the free ones it was given resolved. */
  public SandboxPorts ports() {
    return new SandboxPorts(
        oauthPort,
        greenMail.getSmtp().getPort(),
        greenMail.getSmtps().getPort(),
        greenMail.getImap().getPort(),
        greenMail.getImaps().getPort(),
        greenMail.getPop3().getPort(),
        greenMail.getPop3s().getPort());
  }

  /** A mailbox that signs in only with XOAUTH2 and a sandbox token for it. */
  public synchronized void addOAuthMailbox(String address) {
    createOAuthMailbox(address.strip().toLowerCase(Locale.ROOT));
  }

  /** A mailbox that signs in with a password (Basic authentication). */
  public synchronized void addPasswordMailbox(String address, String password) {
    createUser(address.strip().toLowerCase(Locale.ROOT), password);
  }

  /** Lets a delegate's tokens open a shared mailbox (Microsoft's "Full Access" permission). */
  public void grantAccess(String mailbox, String delegate) {
    delegates
        .computeIfAbsent(
            mailbox.strip().toLowerCase(Locale.ROOT), k -> ConcurrentHashMap.newKeySet())
        .add(delegate.strip().toLowerCase(Locale.ROOT));
  }

  /**
   * Answers SMTP {@code RCPT TO:<address>} with {@code reply} instead of accepting it, on the SMTP
   * and SMTPS ports, until {@link #acceptRecipient}: e.g. {@code "450 4.2.1 Mailbox busy"} (try
   * again later) or {@code "550 5.1.1 No such user"} (never). The other recipients of the same
   * message are accepted and delivered as usual.
   *
   * @param reply a 4xx or 5xx reply code, then its text
   */
  public void refuseRecipient(String address, String reply) {
    recipientReplies.refuse(address, reply);
  }

  /** Accepts this recipient again, as every recipient is unless {@link #refuseRecipient}d. */
  public void acceptRecipient(String address) {
    recipientReplies.accept(address);
  }

  /**
   * Makes SMTP {@code RCPT TO:<address>} wait for its reply until {@link #releaseRecipient} (at
   * most two minutes): a slow server that keeps the client in the middle of its SMTP conversation.
   */
  public void holdRecipient(String address) {
    recipientReplies.hold(address);
  }

  /** Answers the held {@code RCPT TO} of this recipient, and later ones at once. */
  public void releaseRecipient(String address) {
    recipientReplies.release(address);
  }

  /** How many {@code RCPT TO} of held recipients wait for their reply now. */
  public int heldRecipients() {
    return recipientReplies.waiting();
  }

  /**
   * Answers an SMTP OAuth {@code AUTH} of this mailbox with {@code reply} even for a token it would
   * accept, until {@link #acceptSmtpSignIn}: e.g. Exchange Online's {@code "535 5.7.139
   * Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox"}. IMAP and
   * POP3 sign-ins of the mailbox with the same token go on working.
   *
   * @param reply a 4xx or 5xx reply code, then its text
   */
  public void refuseSmtpSignIn(String address, String reply) {
    signInReplies.refuse(address, reply);
  }

  /** Lets the mailbox's SMTP OAuth sign-ins in again. */
  public void acceptSmtpSignIn(String address) {
    signInReplies.accept(address);
  }

  /** How many SMTP sign-ins got a scripted refusal ({@link #refuseSmtpSignIn}) so far. */
  public int smtpSignInsRefused() {
    return signInReplies.given();
  }

  /**
   * Answers a POP3 OAuth {@code AUTH} of this mailbox with {@code reply} whatever its token, until
   * {@link #acceptPop3SignIn}: e.g. {@code "-ERR [AUTH] Authentication failed."} or {@code "-ERR
   * [SYS/TEMP] Too many login attempts, please try again later."}. SMTP and IMAP are unaffected.
   *
   * @param reply {@code -ERR}, then its text, on one line
   */
  public void refusePop3SignIn(String address, String reply) {
    pop3SignInReplies.refuse(address, reply);
  }

  /** Lets the mailbox's POP3 OAuth sign-ins in again. */
  public void acceptPop3SignIn(String address) {
    pop3SignInReplies.accept(address);
  }

  /**
   * The OAuth SASL mechanisms the server offers and takes from now on: {@code "XOAUTH2"} and {@code
   * "OAUTHBEARER"} by default; e.g. only {@code "XOAUTH2"} as Microsoft 365 offers.
   */
  public void offerOAuthMechanisms(String... mechanisms) {
    sasl.offer(List.of(mechanisms));
  }

  /**
   * Limits an SMTP AUTH command line (with its CRLF) to this many octets: a longer one is answered
   * {@code 500 5.5.2 Line too long} and the connection closed (Dovecot's command parser counts a
   * too long line as a stream error). Without a limit (the default) any length is taken.
   */
  public void limitSmtpCommandLine(int octets) {
    sasl.limitSmtpLine(octets);
  }

  /** Puts a message straight into a mailbox's INBOX, as if it had arrived from outside. */
  public void deliver(String address, MimeMessage message) {
    mailbox(address).deliver(message);
  }

  /** Puts a raw RFC 5322 message straight into a mailbox's INBOX. */
  public void deliver(String address, String rawMessage) {
    deliver(address, GreenMailUtil.newMimeMessage(rawMessage));
  }

  /**
   * Puts a raw RFC 5322 message straight into one of a mailbox's folders (made if missing), as a
   * server-side filter (Sieve) files mail on arrival; a watch of that folder is told of it, a watch
   * of INBOX is not.
   */
  public void deliverToFolder(String address, String folder, String rawMessage) {
    ImapHostManager folders = greenMail.getManagers().getImapHostManager();
    GreenMailUser user = mailbox(address);
    try {
      MailFolder found = folders.getFolder(user, folder);
      if (found == null) {
        found = folders.createMailbox(user, folder);
      }
      found.store(GreenMailUtil.newMimeMessage(rawMessage));
    } catch (Exception e) {
      throw new SandboxException("cannot deliver to " + folder + " of " + address, e);
    }
  }

  /** Makes a folder in a mailbox (nothing if it exists), as a mail client would. */
  public void createFolder(String address, String folder) {
    ImapHostManager folders = greenMail.getManagers().getImapHostManager();
    GreenMailUser user = mailbox(address);
    try {
      if (folders.getFolder(user, folder) == null) {
        folders.createMailbox(user, folder);
      }
    } catch (Exception e) {
      throw new SandboxException("cannot make folder " + folder + " of " + address, e);
    }
  }

  /** Every message in every mailbox (received by SMTP or {@link #deliver}ed), oldest first. */
  public List<MimeMessage> receivedMessages() {
    return List.of(greenMail.getReceivedMessages());
  }

  /** The messages in a mailbox's INBOX now (Bcc recipients included), oldest first. */
  public List<MimeMessage> inbox(String address) {
    try {
      return greenMail
          .getManagers()
          .getImapHostManager()
          .getInbox(mailbox(address))
          .getMessages()
          .stream()
          .map(StoredMessage::getMimeMessage)
          .toList();
    } catch (FolderException e) {
      throw new SandboxException("cannot read the INBOX of " + address, e);
    }
  }

  /**
   * The messages in one of a mailbox's folders now (e.g. where a reader moved them), oldest first;
   * none if the folder does not exist.
   */
  public List<MimeMessage> folder(String address, String folder) {
    MailFolder found =
        greenMail.getManagers().getImapHostManager().getFolder(mailbox(address), folder);
    return found == null
        ? List.of()
        : found.getMessages().stream().map(StoredMessage::getMimeMessage).toList();
  }

  /** Waits until the server holds this many messages in all; false if it did not in time. */
  public boolean waitForMessages(int count, Duration timeout) {
    return greenMail.waitForIncomingEmail(timeout.toMillis(), count);
  }

  /**
   * Refuses this access token from now on, unexpired and well signed as it is, on every protocol:
   * what Exchange Online does with a session revoked through continuous access evaluation, or any
   * server whose view of a token differs from its holder's. The next token of the same person is
   * accepted.
   */
  public void revokeAccessToken(String accessToken) {
    revokedTokens.add(accessToken);
  }

  /** Why XOAUTH2 logins were refused so far, oldest first (e.g. "...: Expired JWT"). */
  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  /**
   * A PKCS12 trust store holding the certificate of the TLS ports (issued to {@code localhost} and
   * {@code 127.0.0.1}), for a client's trust store (Mailgate: {@code mailgate.mail.trust-store});
   * password {@value #TRUST_STORE_PASSWORD}.
   */
  public static Path trustStore() {
    return SandboxCertificate.trustStore();
  }

  /** A TLS context trusting the sandbox certificate only; host names are still to be checked. */
  public static SSLContext sslContext() {
    return SandboxCertificate.sslContext();
  }

  /**
   * For Angus Mail: {@code mail.imaps.ssl.socketFactory} (likewise smtps, pop3s) with {@code
   * mail.imaps.ssl.checkserveridentity=true}.
   */
  public static SSLSocketFactory sslSocketFactory() {
    return sslContext().getSocketFactory();
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  private GreenMailUser recipient(MovingMessage message, MailAddress address) {
    return existingOrOAuthMailbox(address.getEmail().strip().toLowerCase(Locale.ROOT));
  }

  /** The mailbox of this address, made as mail to it would make it. For the Graph stand-in. */
  GreenMailUser mailboxOrNew(String address) {
    return existingOrOAuthMailbox(address.strip().toLowerCase(Locale.ROOT));
  }

  /** The mailbox of this address if there is one. For the Graph stand-in. */
  GreenMailUser existingMailbox(String address) {
    return greenMail.getUserManager().getUserByEmail(address.strip().toLowerCase(Locale.ROOT));
  }

  /** GreenMail's folders and messages, which the Graph stand-in serves too. */
  ImapHostManager folders() {
    return greenMail.getManagers().getImapHostManager();
  }

  /** The check every token gets first; the Graph stand-in makes it too. */
  /** The provider's directory: whose sign-in name is not their mailbox. */
  SandboxDirectory directory() {
    return directory;
  }

  SandboxTokenVerifier verifier() {
    return verifier;
  }

  /** Whether {@link #grantAccess} let this identity into this mailbox. */
  boolean hasAccess(String mailbox, String identity) {
    return isDelegate(
        mailbox.strip().toLowerCase(Locale.ROOT), identity.strip().toLowerCase(Locale.ROOT));
  }

  private synchronized GreenMailUser existingOrOAuthMailbox(String mailbox) {
    GreenMailUser user = greenMail.getUserManager().getUserByEmail(mailbox);
    return user != null ? user : createOAuthMailbox(mailbox);
  }

  private GreenMailUser createOAuthMailbox(String mailbox) {
    // A password nobody knows: GreenMail asks the validator instead once there is one.
    byte[] secret = new byte[24];
    random.nextBytes(secret);
    GreenMailUser user = createUser(mailbox, Base64.getEncoder().encodeToString(secret));
    ((UserImpl) user)
        .setTokenValidator(
            new MailboxTokenValidator(
                mailbox,
                verifier,
                delegate -> isDelegate(mailbox, delegate),
                revokedTokens::contains,
                this::refused));
    return user;
  }

  private boolean isDelegate(String mailbox, String identity) {
    return delegates.getOrDefault(mailbox, Set.of()).contains(identity);
  }

  private void refused(String reason) {
    refusals.addLast(reason);
    while (refusals.size() > REFUSALS_KEPT) {
      refusals.pollFirst();
    }
  }

  private GreenMailUser mailbox(String address) {
    GreenMailUser user =
        greenMail.getUserManager().getUserByEmail(address.strip().toLowerCase(Locale.ROOT));
    if (user == null) {
      throw new SandboxException("no sandbox mailbox " + address);
    }
    return user;
  }

  private GreenMailUser createUser(String mailbox, String password) {
    try {
      return greenMail.getUserManager().createUser(mailbox, mailbox, password);
    } catch (UserException e) {
      throw new SandboxException("cannot create the sandbox mailbox " + mailbox, e);
    }
  }
}
