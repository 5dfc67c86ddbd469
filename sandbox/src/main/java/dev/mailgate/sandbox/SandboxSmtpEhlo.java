package dev.mailgate.sandbox;

import com.icegreen.greenmail.smtp.SmtpConnection;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.smtp.commands.SmtpCommand;

/** EHLO / HELO as GreenMail answers it, with the OAuth mechanisms {@link SandboxSasl} offers. */
final class SandboxSmtpEhlo extends SmtpCommand {

  private final SandboxSasl sasl;

  SandboxSmtpEhlo(SandboxSasl sasl) {
    this.sasl = sasl;
  }

  @Override
  public void execute(SmtpConnection conn, SmtpState state, SmtpManager manager, String line) {
    conn.setHeloName(line.length() > 5 ? line.substring(5) : null);
    state.clearMessage();
    conn.send("250-" + conn.getServerGreetingsName());
    String oauth = sasl.offeredList();
    conn.send("250 AUTH PLAIN LOGIN" + (oauth.isEmpty() ? "" : " " + oauth));
  }
}
