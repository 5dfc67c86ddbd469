package dev.mailgate.mail.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailgate.mail.inbound.MailServer.Security;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.mail.sasl.OAuthMechanism;
import dev.mailgate.mail.sasl.ResponseForm;
import dev.mailgate.mail.sasl.SaslRefusal;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The IMAP readers' sign-in through Angus's SASL support and Mailgate's SASL clients (ADR 0019),
 * against a scripted IMAP server on loopback: GreenMail's IMAP has neither OAUTHBEARER nor the
 * two-line form nor error challenges.
 */
class ImapSaslTest {

  private static final String CHALLENGE =
      "{\"status\":\"invalid_token\",\"scope\":\"imap\",\"openid-configuration\":"
          + "\"https://issuer.test/.well-known/openid-configuration\"}";

  private final List<String> received = new CopyOnWriteArrayList<>();
  private ServerSocket listener;
  private Thread serving;

  @AfterEach
  void stop() throws Exception {
    listener.close();
    serving.join(5_000);
  }

  /** Serves one connection: CAPABILITY as given, AUTHENTICATE as the script says. */
  private int serve(String capabilities, boolean refuse) throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    serving =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (Socket socket = listener.accept()) {
                    converse(socket, capabilities, refuse);
                  } catch (IOException closed) {
                    // the client went away
                  }
                });
    return listener.getLocalPort();
  }

  private void converse(Socket socket, String capabilities, boolean refuse) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    OutputStream out = socket.getOutputStream();
    send(out, "* OK scripted IMAP ready");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] words = line.split(" ");
      String tag = words[0];
      String command = words.length > 1 ? words[1].toUpperCase() : "";
      switch (command) {
        case "CAPABILITY" -> {
          send(out, "* CAPABILITY " + capabilities);
          send(out, tag + " OK done");
        }
        case "AUTHENTICATE" -> {
          received.add(
              "AUTHENTICATE " + words[2] + (words.length > 3 ? " <initial response>" : ""));
          String response;
          if (words.length > 3) {
            response = words[3];
          } else {
            send(out, "+ ");
            response = in.readLine();
          }
          received.add(decode(response));
          if (refuse) {
            send(
                out,
                "+ "
                    + Base64.getEncoder()
                        .encodeToString(CHALLENGE.getBytes(StandardCharsets.UTF_8)));
            received.add("ack:" + in.readLine());
            send(out, tag + " NO [AUTHENTICATIONFAILED] Authentication failed.");
          } else {
            send(out, tag + " OK Logged in");
          }
        }
        case "LOGOUT" -> {
          send(out, "* BYE");
          send(out, tag + " OK bye");
          return;
        }
        default -> send(out, tag + " OK done");
      }
    }
  }

  private static void send(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static MailServer server(int port, MechanismSetting mechanism) {
    return new MailServer(
        "127.0.0.1",
        port,
        Security.NONE,
        "desk@mailgate.test",
        new SignIn.AccessToken("the-token", mechanism));
  }

  @Test
  void autoTakesOauthBearerTwoLineWithoutSaslIrAndKeepsTheErrorChallenge() throws Exception {
    int port = serve("IMAP4rev1 AUTH=XOAUTH2 AUTH=OAUTHBEARER", true);

    MailboxAuthenticationException refused =
        catchThrowableOfType(
            MailboxAuthenticationException.class,
            () ->
                MailSessions.connect(
                    "imap",
                    server(port, MechanismSetting.AUTO),
                    (SSLSocketFactory) SSLSocketFactory.getDefault()));

    assertThat(received)
        .containsExactly(
            "AUTHENTICATE OAUTHBEARER",
            "n,a=desk@mailgate.test,\u0001host=127.0.0.1\u0001port="
                + port
                + "\u0001auth=Bearer the-token\u0001\u0001",
            "ack:AQ==");
    SaslRefusal sasl = refused.sasl().orElseThrow();
    assertThat(sasl.signIn().mechanism()).isEqualTo(OAuthMechanism.OAUTHBEARER);
    assertThat(sasl.signIn().form()).isEqualTo(ResponseForm.TWO_LINE);
    assertThat(sasl.errorChallenge().orElseThrow().status()).isEqualTo("invalid_token");
    assertThat(sasl.errorChallenge().orElseThrow().scope()).isEqualTo("imap");
    assertThat(sasl.finalReply()).contains("Authentication failed.");
    assertThat(refused).hasMessageNotContaining("the-token");
  }

  @Test
  void aForcedXoauth2GoesOnTheAuthenticateLineWithSaslIr() throws Exception {
    int port = serve("IMAP4rev1 SASL-IR AUTH=XOAUTH2 AUTH=OAUTHBEARER", false);

    Store store =
        MailSessions.connect(
            "imap",
            server(port, MechanismSetting.XOAUTH2),
            (SSLSocketFactory) SSLSocketFactory.getDefault());
    store.close();

    assertThat(received.get(0)).isEqualTo("AUTHENTICATE XOAUTH2 <initial response>");
    assertThat(received.get(1))
        .isEqualTo("user=desk@mailgate.test\u0001auth=Bearer the-token\u0001\u0001");
  }
}
