package dev.mailgate.sandbox;

import com.icegreen.greenmail.pop3.Pop3Connection;
import com.icegreen.greenmail.pop3.Pop3State;
import com.icegreen.greenmail.pop3.commands.AuthCommand;
import com.icegreen.greenmail.pop3.commands.Pop3Command;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.user.UserException;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * POP3 {@code AUTH} (RFC 5034) with XOAUTH2 and OAUTHBEARER as {@link SandboxSasl} describes, the
 * response on the AUTH line or after the {@code +} go-ahead, a refusal as the error challenge then
 * {@code -ERR [AUTH]} (RFC 3206); PLAIN stays GreenMail's. A mailbox given a scripted reply ({@link
 * SignInReplies}) gets it instead, whatever its token.
 */
final class SandboxPop3Auth extends Pop3Command {

  private final SandboxSasl sasl;
  private final SignInReplies signInReplies;
  private final AuthCommand greenMail = new AuthCommand();

  SandboxPop3Auth(SandboxSasl sasl, SignInReplies signInReplies) {
    this.sasl = sasl;
    this.signInReplies = signInReplies;
  }

  @Override
  public boolean isValidForState(Pop3State state) {
    return !state.isAuthenticated();
  }

  @Override
  public void execute(Pop3Connection conn, Pop3State state, String cmd) {
    String[] words = cmd.split(" ");
    String mechanism = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
    if (!mechanism.equals(SandboxSasl.XOAUTH2) && !mechanism.equals(SandboxSasl.OAUTHBEARER)) {
      greenMail.execute(conn, state, cmd);
      return;
    }
    if (!sasl.offers(mechanism) || words.length > 3) {
      conn.println("-ERR Unsupported authentication mechanism.");
      return;
    }
    try {
      String response = words.length == 3 && !words[2].equals("=") ? words[2] : goAhead(conn);
      if (response.equals("*")) {
        conn.println("-ERR Authentication aborted by client.");
        return;
      }
      Optional<SandboxSasl.Bearer> bearer = SandboxSasl.decode(mechanism, response);
      if (bearer.isEmpty()) {
        conn.println("-ERR Invalid " + mechanism + " response.");
        return;
      }
      Optional<String> scripted = signInReplies.replyTo(bearer.get().user());
      if (scripted.isPresent()) {
        conn.println(scripted.get());
        return;
      }
      if (signIn(state, bearer.get())) {
        conn.println("+OK Logged in.");
        return;
      }
      conn.println("+ " + sasl.errorChallenge(mechanism, MailProtocol.POP3.scope()));
      String acknowledgement = conn.readLine();
      conn.println(
          SandboxSasl.acknowledged(mechanism, acknowledgement)
              ? "-ERR [AUTH] Authentication failed."
              : "-ERR The error challenge must be answered with the dummy response.");
    } catch (IOException e) {
      conn.println("-ERR " + e.getMessage());
    }
  }

  private static boolean signIn(Pop3State state, SandboxSasl.Bearer bearer) {
    try {
      state.setUser(state.getUser(bearer.user()));
      state.authenticate(bearer.token());
      return true;
    } catch (UserException | FolderException e) {
      return false;
    }
  }

  private static String goAhead(Pop3Connection conn) throws IOException {
    conn.println("+ ");
    return conn.readLine();
  }
}
