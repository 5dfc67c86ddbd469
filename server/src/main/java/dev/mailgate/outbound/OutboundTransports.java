package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import org.springframework.stereotype.Component;

/** Which transport an account's mail goes out through: its protocol decides (ADR 0026). */
@Component
class OutboundTransports {

  private final SmtpLogins smtp;
  private final GraphSending graph;

  OutboundTransports(SmtpLogins smtp, GraphSending graph) {
    this.smtp = smtp;
    this.graph = graph;
  }

  /**
   * A signed-in connection of the account's transport.
   *
   * @throws SignInHolds.Held for an account that does not send (IMAP, POP3): submission refuses
   *     those, so only an account changed since its mail was queued gets here
   */
  OutboundTransport.Connection open(EmailAccount account) {
    return switch (account.type()) {
      case SMTP -> smtp.open(account);
      case GRAPH -> graph.open(account);
      case IMAP, POP3 ->
          throw new SignInHolds.Held(
              "Account "
                  + account.name()
                  + " is "
                  + account.type()
                  + " now and cannot send; make it an SMTP or Graph account again, or cancel"
                  + " its mail.");
    };
  }
}
