package dev.mailgate.sandbox;

import com.icegreen.greenmail.smtp.SmtpConnection;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.smtp.commands.AuthCommand;
import com.icegreen.greenmail.smtp.commands.SmtpCommand;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * SMTP {@code AUTH} (RFC 4954) with XOAUTH2 and OAUTHBEARER as {@link SandboxSasl} describes; PLAIN
 * and LOGIN stay GreenMail's. A mailbox scripted in {@link SignInReplies} gets its scripted refusal
 * for a token that would pass. An AUTH line longer than the configured limit gets Dovecot
 * submission's {@code 500 5.5.2 Line too long} and the connection is closed: the harder case for a
 * client (Dovecot's command parser counts a too long line as a stream error).
 */
final class SandboxSmtpAuth extends SmtpCommand {

  private final SandboxSasl sasl;
  private final SignInReplies signInReplies;
  private final AuthCommand greenMail = new AuthCommand();

  SandboxSmtpAuth(SandboxSasl sasl, SignInReplies signInReplies) {
    this.sasl = sasl;
    this.signInReplies = signInReplies;
  }

  @Override
  public void execute(SmtpConnection conn, SmtpState state, SmtpManager manager, String line)
      throws IOException {
    String[] words = line.split(" ");
    String mechanism = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
    if (!mechanism.equals(SandboxSasl.XOAUTH2) && !mechanism.equals(SandboxSasl.OAUTHBEARER)) {
      greenMail.execute(conn, state, manager, line);
      return;
    }
    if (sasl.tooLongForSmtp(line)) {
      conn.send("500 5.5.2 Line too long");
      conn.quit();
      return;
    }
    if (conn.isAuthenticated()) {
      conn.send("503 5.5.1 Already authenticated");
      return;
    }
    if (!sasl.offers(mechanism) || words.length > 3) {
      conn.send("504 5.5.4 Unrecognized authentication type");
      return;
    }
    String response = words.length == 3 ? words[2] : goAhead(conn);
    if (response.equals("*")) {
      conn.send("501 5.7.0 Authentication canceled");
      return;
    }
    Optional<SandboxSasl.Bearer> bearer = SandboxSasl.decode(mechanism, response);
    if (bearer.isEmpty()) {
      conn.send("501 5.5.2 Invalid " + mechanism + " response");
      return;
    }
    if (manager.getUserManager().test(bearer.get().user(), bearer.get().token())) {
      Optional<String> refused = signInReplies.replyTo(bearer.get().user());
      if (refused.isPresent()) {
        conn.send(refused.get()); // a good token, refused by the mailbox's policy
        return;
      }
      conn.setAuthenticated(true);
      conn.send("235 2.7.0 Authentication successful");
      return;
    }
    conn.send("334 " + sasl.errorChallenge(mechanism, MailProtocol.SMTP.scope()));
    String acknowledgement = conn.readLine();
    conn.send(
        SandboxSasl.acknowledged(mechanism, acknowledgement)
            ? "535 5.7.8 Authentication credentials invalid"
            : "501 5.5.2 The error challenge must be answered with the dummy response");
  }

  private static String goAhead(SmtpConnection conn) throws IOException {
    conn.send("334 ");
    return conn.readLine();
  }
}
