package dev.mailgate.mail.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encodings, the line rule, the mechanism choice and the exchange (ADR 0019). */
class SaslTest {

  private static String decoded(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  @Test
  void xoauth2IsUserAndBearerBetweenCtrlA() {
    assertThat(decoded(OAuthMechanism.XOAUTH2.encodedResponse("a@b.test", "h", 1, "tok")))
        .isEqualTo("user=a@b.test\u0001auth=Bearer tok\u0001\u0001");
    assertThat(OAuthMechanism.XOAUTH2.encodedErrorAcknowledgement()).isEmpty();
  }

  @Test
  void oauthBearerHasTheGs2HeaderHostPortAndTheDummyAcknowledgement() {
    assertThat(
            decoded(
                OAuthMechanism.OAUTHBEARER.encodedResponse(
                    "a,b=c@d.test", "mail.test", 587, "tok")))
        .isEqualTo(
            "n,a=a=2Cb=3Dc@d.test,\u0001host=mail.test\u0001port=587\u0001auth=Bearer tok"
                + "\u0001\u0001");
    assertThat(OAuthMechanism.OAUTHBEARER.encodedErrorAcknowledgement()).isEqualTo("AQ==");
    assertThat(decoded(OAuthMechanism.OAUTHBEARER.encodedResponse("u", "h", 0, "t")))
        .isEqualTo("n,a=u,\u0001host=h\u0001auth=Bearer t\u0001\u0001");
  }

  @Test
  void smtpPutsTheResponseOnTheAuthLineOnlyWhereTheLineFits512Octets() {
    // "AUTH XOAUTH2 " (13) + response + CRLF (2) = 512 at most
    assertThat(ResponseForms.smtp(OAuthMechanism.XOAUTH2, "x".repeat(497), 512))
        .isEqualTo(ResponseForm.INITIAL_RESPONSE);
    assertThat(ResponseForms.smtp(OAuthMechanism.XOAUTH2, "x".repeat(498), 512))
        .isEqualTo(ResponseForm.TWO_LINE);
    assertThat(ResponseForms.smtpLineLimit("mail.example.org")).isEqualTo(512);
    assertThat(ResponseForms.smtpLineLimit("smtp.gmail.com")).isGreaterThan(512);
  }

  @Test
  void pop3KeepsTheAuthCommandWithin255Octets() {
    // "AUTH OAUTHBEARER " (17) + response + CRLF (2) = 255 at most
    assertThat(ResponseForms.pop3(OAuthMechanism.OAUTHBEARER, "x".repeat(236)))
        .isEqualTo(ResponseForm.INITIAL_RESPONSE);
    assertThat(ResponseForms.pop3(OAuthMechanism.OAUTHBEARER, "x".repeat(237)))
        .isEqualTo(ResponseForm.TWO_LINE);
  }

  @Test
  void imapSendsTheInitialResponseOnlyWithSaslIr() {
    assertThat(ResponseForms.imap(List.of("IMAP4rev1", "SASL-IR", "AUTH=XOAUTH2")))
        .isEqualTo(ResponseForm.INITIAL_RESPONSE);
    assertThat(ResponseForms.imap(List.of("IMAP4rev1", "AUTH=XOAUTH2")))
        .isEqualTo(ResponseForm.TWO_LINE);
  }

  @Test
  void autoTakesOauthBearerOnlyWhereOffered() {
    assertThat(MechanismSetting.AUTO.choose(List.of("PLAIN", "XOAUTH2", "oauthbearer")))
        .isEqualTo(OAuthMechanism.OAUTHBEARER);
    assertThat(MechanismSetting.AUTO.choose(List.of("PLAIN", "XOAUTH2")))
        .isEqualTo(OAuthMechanism.XOAUTH2);
    assertThat(MechanismSetting.XOAUTH2.choose(List.of("OAUTHBEARER")))
        .isEqualTo(OAuthMechanism.XOAUTH2);
    assertThat(MechanismSetting.parse(" oauthbearer ")).isEqualTo(MechanismSetting.OAUTHBEARER);
    assertThat(MechanismSetting.parse("")).isEqualTo(MechanismSetting.AUTO);
    assertThatThrownBy(() -> MechanismSetting.parse("PLAIN"))
        .hasMessageContaining("auto, XOAUTH2 or OAUTHBEARER");
  }

  @Test
  void anErrorChallengeIsDecodedFromBase64Json() {
    String json =
        "{\"status\":\"invalid_token\",\"scope\":\"a b\",\"openid-configuration\":"
            + "\"https://x.test/.well-known/openid-configuration\",\"n\":401,\"e\":\"q\\\"\"}";

    ErrorChallenge challenge =
        ErrorChallenge.decode(Base64.getEncoder().encodeToString(json.getBytes())).orElseThrow();

    assertThat(challenge.status()).isEqualTo("invalid_token");
    assertThat(challenge.scope()).isEqualTo("a b");
    assertThat(challenge.openidConfiguration())
        .isEqualTo("https://x.test/.well-known/openid-configuration");
    assertThat(challenge.json()).isEqualTo(json);
    assertThat(ErrorChallenge.decode("bm90IGpzb24=")).isEmpty();
    assertThat(ErrorChallenge.decode("")).isEmpty();
  }

  /** A scripted server: answers each line with the next reply, and records what it got. */
  private static final class Script implements SaslExchange.Wire {
    final Deque<String> replies;
    final List<String> sent = new ArrayList<>();

    Script(String... replies) {
      this.replies = new ArrayDeque<>(List.of(replies));
    }

    @Override
    public String command(String command) {
      sent.add(command);
      return replies.removeFirst();
    }

    @Override
    public String respond(String line) {
      sent.add(line);
      return replies.removeFirst();
    }
  }

  @Test
  void theTwoLineFormSendsTheResponseAfterTheGoAhead() throws Exception {
    Script server = new Script("334 ", "235 2.7.0 Logged in");

    SaslExchange.Result result =
        SaslExchange.authenticate(
            SaslProtocol.SMTP,
            server,
            OAuthMechanism.XOAUTH2,
            ResponseForm.TWO_LINE,
            "cmVzcG9uc2U=",
            false);

    assertThat(result.accepted()).isTrue();
    assertThat(server.sent).containsExactly("AUTH XOAUTH2", "cmVzcG9uc2U=");
  }

  @Test
  void anErrorChallengeIsAnsweredWithTheDummyAndTheFinalReplyKept() throws Exception {
    String challenge =
        Base64.getEncoder()
            .encodeToString("{\"status\":\"invalid_token\",\"scope\":\"smtp\"}".getBytes());
    Script server = new Script("334 " + challenge, "535 5.7.8 Authentication credentials invalid");

    SaslExchange.Result result =
        SaslExchange.authenticate(
            SaslProtocol.SMTP,
            server,
            OAuthMechanism.OAUTHBEARER,
            ResponseForm.INITIAL_RESPONSE,
            "cmVzcG9uc2U=",
            false);

    assertThat(result.accepted()).isFalse();
    assertThat(result.lineRefused()).isFalse();
    assertThat(server.sent).containsExactly("AUTH OAUTHBEARER cmVzcG9uc2U=", "AQ==");
    assertThat(result.refusal().finalReply())
        .isEqualTo("535 5.7.8 Authentication credentials invalid");
    assertThat(result.refusal().errorChallenge().orElseThrow().scope()).isEqualTo("smtp");
    assertThat(result.refusal().describe())
        .isEqualTo(
            "535 5.7.8 Authentication credentials invalid (status invalid_token, scope smtp)");
  }

  @Test
  void aRefusedAuthLineIsALineRefusalOnlyBeforeAnyChallenge() throws Exception {
    SaslExchange.Result tooLong =
        SaslExchange.authenticate(
            SaslProtocol.SMTP,
            new Script("500 5.5.2 Line too long"),
            OAuthMechanism.XOAUTH2,
            ResponseForm.INITIAL_RESPONSE,
            "eA==",
            false);
    SaslExchange.Result refusedToken =
        SaslExchange.authenticate(
            SaslProtocol.SMTP,
            new Script("535 5.7.8 no"),
            OAuthMechanism.XOAUTH2,
            ResponseForm.INITIAL_RESPONSE,
            "eA==",
            false);

    assertThat(tooLong.lineRefused()).isTrue();
    assertThat(refusedToken.lineRefused()).isFalse();
  }

  @Test
  void imapAndPop3ReadTheirOwnContinuationsAndSuccesses() throws Exception {
    Script imap = new Script("+ ", "* CAPABILITY IMAP4rev1\na1 OK Logged in");
    Script pop3 = new Script("+ ", "+OK Logged in.");

    assertThat(
            SaslExchange.authenticate(
                    SaslProtocol.IMAP,
                    imap,
                    OAuthMechanism.OAUTHBEARER,
                    ResponseForm.TWO_LINE,
                    "eA==",
                    false)
                .accepted())
        .isTrue();
    assertThat(
            SaslExchange.authenticate(
                    SaslProtocol.POP3,
                    pop3,
                    OAuthMechanism.XOAUTH2,
                    ResponseForm.TWO_LINE,
                    "eA==",
                    false)
                .signIn()
                .describe())
        .isEqualTo("XOAUTH2, two-line (initial response after +)");
    assertThat(imap.sent).containsExactly("AUTHENTICATE OAUTHBEARER", "eA==");
  }
}
