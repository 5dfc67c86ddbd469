package dev.mailgate.sandbox;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.pop3.Pop3Handler;
import com.icegreen.greenmail.pop3.Pop3Server;
import com.icegreen.greenmail.pop3.commands.Pop3Command;
import com.icegreen.greenmail.pop3.commands.Pop3CommandRegistry;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpHandler;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.smtp.commands.SmtpCommand;
import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.Socket;
import java.util.Map;

/**
 * GreenMail whose SMTP and SMTPS servers answer {@code RCPT TO} as {@link RecipientReplies} says,
 * and speak OAuth SASL (EHLO, AUTH) as {@link SandboxSasl} says. It uses GreenMail's own hook:
 * {@code SmtpManager.checkRecipient} returns the reply to send instead of accepting ({@code null}
 * in GreenMail, which accepts everyone). Everything else, the delivery included, is GreenMail's:
 * accepted recipients go through its one delivery queue, so {@code waitForIncomingEmail} still
 * counts them.
 */
final class ScriptedGreenMail extends GreenMail {

  // Null while GreenMail's constructor builds its services; read only when a client connects.
  private final RecipientReplies replies;
  private final SandboxSasl sasl;
  private final SignInReplies signInReplies;
  private final SignInReplies pop3SignInReplies;

  ScriptedGreenMail(
      ServerSetup[] setups,
      RecipientReplies replies,
      SandboxSasl sasl,
      SignInReplies signInReplies,
      SignInReplies pop3SignInReplies) {
    super(setups);
    this.replies = replies;
    this.sasl = sasl;
    this.signInReplies = signInReplies;
    this.pop3SignInReplies = pop3SignInReplies;
  }

  @Override
  protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers managers) {
    Map<String, AbstractServer> services = super.createServices(setups, managers);
    services.replaceAll(
        (protocol, server) ->
            switch (server) {
              case SmtpServer smtp -> new Smtp(server.getServerSetup(), managers);
              case Pop3Server pop3 -> new Pop3(server.getServerSetup(), managers);
              default -> server;
            });
    return services;
  }

  private final class Smtp extends SmtpServer {

    Smtp(ServerSetup setup, Managers managers) {
      super(setup, managers);
    }

    @Override
    protected ProtocolHandler createProtocolHandler(Socket socket) {
      return new SmtpHandler(new Commands(), new Checked(managers), socket);
    }
  }

  private final class Pop3 extends Pop3Server {

    Pop3(ServerSetup setup, Managers managers) {
      super(setup, managers);
    }

    @Override
    protected ProtocolHandler createProtocolHandler(Socket socket) {
      return new Pop3Handler(new Pop3Commands(), managers.getUserManager(), socket);
    }
  }

  /** GreenMail's POP3 commands, with the sandbox's CAPA and AUTH. */
  private final class Pop3Commands extends Pop3CommandRegistry {

    private final Pop3Command capa = new SandboxPop3Capa(sasl);
    private final Pop3Command auth = new SandboxPop3Auth(sasl, pop3SignInReplies);

    @Override
    public Pop3Command getCommand(String name) {
      return switch (name) {
        case "CAPA" -> capa;
        case "AUTH" -> auth;
        default -> super.getCommand(name);
      };
    }
  }

  /** GreenMail's SMTP commands, with the sandbox's EHLO, HELO and AUTH. */
  private final class Commands extends SmtpCommandRegistry {

    private final SmtpCommand ehlo = new SandboxSmtpEhlo(sasl);
    private final SmtpCommand auth = new SandboxSmtpAuth(sasl, signInReplies);

    @Override
    public SmtpCommand getCommand(String name) {
      return switch (name) {
        case "EHLO", "HELO" -> ehlo;
        case "AUTH" -> auth;
        default -> super.getCommand(name);
      };
    }
  }

  /** GreenMail's SMTP manager with the recipient check; delivery goes to the shared one. */
  private final class Checked extends SmtpManager {

    private final SmtpManager delivery;

    Checked(Managers managers) {
      super(managers.getImapHostManager(), managers.getUserManager());
      this.delivery = managers.getSmtpManager();
    }

    @Override
    public String checkRecipient(SmtpState state, MailAddress address) {
      return replies.replyTo(address.getEmail()).orElse(null);
    }

    @Override
    public void send(SmtpState state) {
      delivery.send(state);
    }
  }
}
