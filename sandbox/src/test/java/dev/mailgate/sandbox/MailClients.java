package dev.mailgate.sandbox;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/**
 * Angus Mail clients of the sandbox mail server, connecting as Mailgate's do: to {@code localhost},
 * trusting the sandbox certificate only and checking the host name on the TLS ports.
 */
final class MailClients {

  static final String HOST = "localhost";

  /** The three protocols, each with its TLS and plain port and the scope it needs. */
  enum Protocol {
    SMTP("smtps", "smtp", SandboxScopes.SMTP),
    IMAP("imaps", "imap", SandboxScopes.IMAP),
    POP3("pop3s", "pop3", SandboxScopes.POP);

    final String tls;
    final String plain;
    final String scope;

    Protocol(String tls, String plain, String scope) {
      this.tls = tls;
      this.plain = plain;
      this.scope = scope;
    }

    int port(String protocol, SandboxPorts ports) {
      return switch (protocol) {
        case "smtps" -> ports.smtps();
        case "smtp" -> ports.smtp();
        case "imaps" -> ports.imaps();
        case "imap" -> ports.imap();
        case "pop3s" -> ports.pop3s();
        case "pop3" -> ports.pop3();
        default -> throw new IllegalArgumentException(protocol);
      };
    }
  }

  private MailClients() {}

  /**
   * Logs in with XOAUTH2 and uses the connection: SMTP sends {@code message} (if not null), IMAP
   * and POP3 open the INBOX.
   */
  static void xoauth2(
      Protocol protocol,
      String wire,
      SandboxPorts ports,
      String mailbox,
      String token,
      MimeMessage message)
      throws MessagingException {
    Session session = session(wire, "XOAUTH2");
    int port = protocol.port(wire, ports);
    if (protocol == Protocol.SMTP) {
      try (Transport transport = session.getTransport(wire)) {
        transport.connect(HOST, port, mailbox, token);
        if (message != null) {
          transport.sendMessage(message, message.getAllRecipients());
        }
      }
      return;
    }
    try (Store store = session.getStore(wire)) {
      store.connect(HOST, port, mailbox, token);
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      inbox.close(false);
    }
  }

  /** Opens the INBOX with a password (IMAP LOGIN); returns how many messages it holds. */
  static int imapInboxWithPassword(SandboxPorts ports, String mailbox, String password)
      throws MessagingException {
    try (Store store = session("imaps", "LOGIN PLAIN").getStore("imaps")) {
      store.connect(HOST, ports.imaps(), mailbox, password);
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      int count = inbox.getMessageCount();
      inbox.close(false);
      return count;
    }
  }

  static MimeMessage message(String from, String to, String subject) throws MessagingException {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    message.setFrom(from);
    message.setRecipients(MimeMessage.RecipientType.TO, to);
    message.setSubject(subject);
    message.setText("hello from the sandbox tests");
    message.saveChanges();
    return message;
  }

  private static Session session(String wire, String mechanisms) {
    Properties properties = new Properties();
    properties.put("mail." + wire + ".auth", "true");
    properties.put("mail." + wire + ".auth.mechanisms", mechanisms);
    properties.put("mail." + wire + ".connectiontimeout", "5000");
    properties.put("mail." + wire + ".timeout", "5000");
    if (wire.endsWith("s")) {
      properties.put("mail." + wire + ".ssl.socketFactory", SandboxMailServer.sslSocketFactory());
      properties.put("mail." + wire + ".ssl.checkserveridentity", "true");
    }
    return Session.getInstance(properties);
  }
}
