package dev.mailgate.outbound.listener;

import dev.mailgate.mail.listen.SubmissionListener;
import dev.mailgate.outbound.Outbox;
import dev.mailgate.outbound.OutboxEntry;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.LoopbackHost;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the SMTP submission listener when {@code mailgate.smtp-listener.enabled}: a client signs in
 * with its SMTP client credentials and its mail is queued in the outbox for the client's account,
 * checked and stored like a raw REST submission; a refusal is the reply to the final dot (550 with
 * the field and the reason). It never listens in clear beyond loopback: such a configuration stops
 * Mailgate at startup with the reason.
 */
@Component
class SmtpListener implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SmtpListener.class);

  private final SmtpListenerProperties properties;
  private final SmtpClients clients;
  private final Outbox outbox;
  private final int maxMessageSize;
  private volatile SubmissionListener listener;

  SmtpListener(
      SmtpListenerProperties properties,
      SmtpClients clients,
      Outbox outbox,
      dev.mailgate.outbound.OutboundProperties outbound) {
    this.properties = properties;
    this.clients = clients;
    this.outbox = outbox;
    this.maxMessageSize = (int) Math.min(Integer.MAX_VALUE, outbound.maxMessageSize().toBytes());
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      return;
    }
    boolean tls = properties.tlsKeyStore() != null;
    if (!tls && !LoopbackHost.is(properties.address())) {
      throw new ListenerRefusedException(
          "The SMTP listener would accept passwords and mail in clear on "
              + properties.address()
              + ", which is not a loopback address. Bind it to 127.0.0.1"
              + " (mailgate.smtp-listener.address) or give it a certificate"
              + " (mailgate.smtp-listener.tls-key-store).");
    }
    listener =
        SubmissionListener.start(
            new SubmissionListener.Settings(
                address(),
                properties.port(),
                tls ? tlsContext() : null,
                maxMessageSize,
                properties.maxConnections(),
                (int) properties.timeout().toSeconds()),
            (user, password) -> clients.signIn(user, password).isPresent(),
            this::accept);
    log.info(
        "SMTP listener on {}:{}{}",
        properties.address(),
        listener.port(),
        tls ? " (STARTTLS required)" : "");
  }

  private void accept(String user, String envelopeFrom, List<String> recipients, byte[] raw)
      throws SubmissionListener.Refused {
    SmtpClient client =
        clients
            .byUsername(user)
            .orElseThrow(
                () -> new SubmissionListener.Refused(535, "5.7.8 The client no longer exists"));
    try {
      OutboxEntry queued = outbox.submitBySmtp(client.account(), recipients, raw);
      log.debug("Queued {} from SMTP client {}", queued.id(), user);
    } catch (InvalidInputException e) {
      throw new SubmissionListener.Refused(550, "5.6.0 " + e.field() + ": " + e.getMessage());
    }
  }

  /** The port listened on, or -1 when the listener is off. */
  int port() {
    SubmissionListener running = listener;
    return running == null ? -1 : running.port();
  }

  @Override
  public void stop() {
    SubmissionListener running = listener;
    listener = null;
    if (running != null) {
      running.close();
    }
  }

  @Override
  public boolean isRunning() {
    return listener != null;
  }

  private InetAddress address() {
    try {
      return InetAddress.getByName(properties.address());
    } catch (UnknownHostException e) {
      throw new ListenerRefusedException(
          "mailgate.smtp-listener.address '" + properties.address() + "' is not an address.");
    }
  }

  private SSLContext tlsContext() {
    char[] password =
        properties.tlsKeyStorePassword() == null
            ? new char[0]
            : properties.tlsKeyStorePassword().toCharArray();
    try (InputStream in = Files.newInputStream(properties.tlsKeyStore())) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new ListenerRefusedException(
          "Cannot read the SMTP listener's key store "
              + properties.tlsKeyStore()
              + " ("
              + e.getMessage()
              + "); check mailgate.smtp-listener.tls-key-store and its password.");
    }
  }
}
