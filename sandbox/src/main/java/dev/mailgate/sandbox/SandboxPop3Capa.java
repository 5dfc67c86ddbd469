package dev.mailgate.sandbox;

import com.icegreen.greenmail.pop3.Pop3Connection;
import com.icegreen.greenmail.pop3.Pop3State;
import com.icegreen.greenmail.pop3.commands.Pop3Command;

/**
 * CAPA (RFC 2449) as GreenMail answers it, with the OAuth mechanisms {@link SandboxSasl} offers.
 */
final class SandboxPop3Capa extends Pop3Command {

  private final SandboxSasl sasl;

  SandboxPop3Capa(SandboxSasl sasl) {
    this.sasl = sasl;
  }

  @Override
  public boolean isValidForState(Pop3State state) {
    return true;
  }

  @Override
  public void execute(Pop3Connection conn, Pop3State state, String cmd) {
    conn.println("+OK");
    conn.println("UIDL");
    String oauth = sasl.offeredList();
    conn.println("SASL PLAIN" + (oauth.isEmpty() ? "" : " " + oauth));
    conn.println(".");
  }
}
