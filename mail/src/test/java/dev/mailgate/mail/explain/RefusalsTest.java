package dev.mailgate.mail.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.mail.explain.Explanations.SignIn;
import dev.mailgate.mail.explain.Refusal.Kind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of refusal from the replies real servers send (Exchange Online, Gmail, Dovecot). */
class RefusalsTest {

  static Stream<Arguments> replies() {
    return Stream.of(
        // token refused
        Arguments.of(
            "535 5.7.8 Username and Password not accepted.", SignIn.OAUTH, Kind.TOKEN_REFUSED),
        Arguments.of(
            "A1 NO [AUTHENTICATIONFAILED] Authentication failed.",
            SignIn.OAUTH,
            Kind.TOKEN_REFUSED),
        Arguments.of("-ERR [AUTH] Authentication failed.", SignIn.OAUTH, Kind.TOKEN_REFUSED),
        Arguments.of(
            "535 5.7.8 Authentication credentials invalid (status invalid_token, scope smtp)",
            SignIn.OAUTH,
            Kind.TOKEN_REFUSED),
        Arguments.of(
            "334 eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==",
            SignIn.OAUTH,
            Kind.TOKEN_REFUSED),
        Arguments.of("A1 NO AUTHENTICATE failed.", SignIn.PASSWORD, Kind.TOKEN_REFUSED),
        Arguments.of(
            "334 eyJzdGF0dXMiOiI0MDEifQ==\n535 5.7.8 Authentication credentials invalid",
            SignIn.OAUTH,
            Kind.TOKEN_REFUSED),
        // mechanism or protocol
        Arguments.of(
            "334 \n504 5.5.4 Unrecognized authentication type",
            SignIn.OAUTH,
            Kind.MECHANISM_OR_PROTOCOL),
        Arguments.of("500 5.5.2 Line too long", SignIn.OAUTH, Kind.MECHANISM_OR_PROTOCOL),
        Arguments.of(
            "504 5.5.4 Unrecognized authentication type", SignIn.OAUTH, Kind.MECHANISM_OR_PROTOCOL),
        Arguments.of(
            "535 5.5.1 Authentication mechanism not supported",
            SignIn.OAUTH,
            Kind.MECHANISM_OR_PROTOCOL),
        Arguments.of(
            "A1 NO [CANNOT] Unsupported authentication mechanism",
            SignIn.OAUTH,
            Kind.MECHANISM_OR_PROTOCOL),
        // account policy
        Arguments.of(
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for"
                + " the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.",
            SignIn.OAUTH,
            Kind.ACCOUNT_POLICY),
        Arguments.of(
            "535 5.7.3 Authentication unsuccessful [LO4P123CA0456.GBRP123.PROD.OUTLOOK.COM]",
            SignIn.OAUTH,
            Kind.ACCOUNT_POLICY),
        Arguments.of(
            "534-5.7.9 Application-specific password required.",
            SignIn.PASSWORD,
            Kind.ACCOUNT_POLICY),
        Arguments.of("A1 NO AUTHENTICATE failed.", SignIn.APP_ONLY, Kind.ACCOUNT_POLICY),
        // server trouble
        Arguments.of(
            "454 4.7.0 Temporary authentication failure", SignIn.OAUTH, Kind.SERVER_TROUBLE),
        Arguments.of("334 \n454 4.7.0 Try again later", SignIn.OAUTH, Kind.SERVER_TROUBLE),
        Arguments.of(
            "421 4.3.2 Service not available, closing transmission channel",
            SignIn.OAUTH,
            Kind.SERVER_TROUBLE),
        Arguments.of(
            "A1 NO [UNAVAILABLE] Temporary authentication failure",
            SignIn.OAUTH,
            Kind.SERVER_TROUBLE),
        Arguments.of("-ERR [SYS/TEMP] Try again later", SignIn.OAUTH, Kind.SERVER_TROUBLE),
        Arguments.of(
            "454 4.7.0 Too many login attempts, please try again later. a1sm1.12 - gsmtp",
            SignIn.OAUTH,
            Kind.SERVER_TROUBLE),
        Arguments.of(
            "432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded",
            SignIn.OAUTH,
            Kind.SERVER_TROUBLE),
        // over the limit: held, never failed, whether the code is 4xx or 5xx
        Arguments.of(
            "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to"
                + " process message due to a permanent exception",
            SignIn.OAUTH,
            Kind.OVER_THE_LIMIT),
        Arguments.of(
            "550 5.4.5 Daily user sending limit exceeded. - gsmtp",
            SignIn.OAUTH,
            Kind.OVER_THE_LIMIT),
        Arguments.of(
            "421 4.7.0 Try again later, closing connection. (MAIL) - gsmtp",
            SignIn.OAUTH,
            Kind.OVER_THE_LIMIT),
        Arguments.of(
            "Could not connect to smtp.example.com:587: java.net.ConnectException: Connection"
                + " refused",
            SignIn.OAUTH,
            Kind.SERVER_TROUBLE),
        Arguments.of(
            "cannot connect to imap.example.com:993: javax.net.ssl.SSLHandshakeException: PKIX"
                + " path building failed",
            SignIn.OAUTH,
            Kind.SERVER_TROUBLE));
  }

  @ParameterizedTest
  @MethodSource("replies")
  void sortsEachReplyIntoItsKindWithAnExplanation(String reply, SignIn signIn, Kind kind) {
    Refusal refusal = Refusals.classify(reply, signIn);

    assertThat(refusal.kind()).isEqualTo(kind);
    assertThat(refusal.reply()).isEqualTo(reply);
    assertThat(refusal.explanation()).isNotNull();
    assertThat(refusal.explanation().meaning()).isNotBlank();
    assertThat(refusal.explanation().action()).isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("replies")
  void onlyARefusedTokenOrExchangesAmbiguousReplyIsWorthANewToken(
      String reply, SignIn signIn, Kind kind) {
    boolean ambiguous = reply.contains("5.7.3 ") && signIn != SignIn.APP_ONLY;
    assertThat(Refusals.classify(reply, signIn).newTokenMayHelp())
        .isEqualTo(kind == Kind.TOKEN_REFUSED || ambiguous);
  }

  @Test
  void microsoftSmtpAuthDisabledIsExplainedAsSuch() {
    Refusal refusal =
        Refusals.classify(
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for"
                + " the Mailbox.",
            SignIn.OAUTH);

    assertThat(refusal.explanation().code()).isEqualTo("MICROSOFT_SMTP_AUTH_DISABLED");
    assertThat(refusal.newTokenMayHelp()).isFalse();
  }

  @Test
  void aLineTooLongIsAMechanismProblemNotARefusedToken() {
    Refusal refusal = Refusals.classify("500 5.5.2 Line too long", SignIn.OAUTH);

    assertThat(refusal.explanation().code()).isEqualTo("SIGN_IN_LINE_TOO_LONG");
    assertThat(refusal.explanation().action()).doesNotContain("Authorize the account again");
  }

  @Test
  void quotaRepliesAreOverTheLimitAndOtherRefusalsAreNot() {
    assertThat(Refusals.overTheLimit("550 5.4.5 Daily sending quota exceeded.")).isTrue();
    assertThat(Refusals.overTheLimit("421-4.7.0 Try again later, closing connection.")).isTrue();
    assertThat(Refusals.overTheLimit("550 5.1.1 The email account does not exist")).isFalse();
    assertThat(Refusals.overTheLimit("454 4.7.0 Too many login attempts")).isFalse();
    assertThat(Refusals.overTheLimit(null)).isFalse();
  }

  @Test
  void theCatalogueHoldsEveryExplanationOnceWithTheGeneralOnesOfEachKind() {
    List<String> codes = Refusals.catalogue().stream().map(Explanation::code).toList();

    assertThat(codes).doesNotHaveDuplicates();
    assertThat(codes)
        .contains(
            "MICROSOFT_CONDITIONAL_ACCESS_BLOCKED",
            "GOOGLE_TOO_MANY_SIGN_INS",
            "APP_ONLY_NO_MAILBOX_PERMISSION",
            "SIGN_IN_MECHANISM_REFUSED",
            "SIGN_IN_NOT_ALLOWED",
            "SERVER_TROUBLE",
            "SENDING_LIMIT");
  }

  @Test
  void anUnknownReplyStillGetsTheGeneralExplanationOfItsKind() {
    Refusal refusal = Refusals.classify("-ERR go away", SignIn.OAUTH);

    assertThat(refusal.kind()).isEqualTo(Kind.TOKEN_REFUSED);
    assertThat(refusal.explanation().code()).isEqualTo("TOKEN_REFUSED_BY_MAIL_SERVER");
    assertThat(Refusals.classify(null, SignIn.OAUTH).explanation()).isNotNull();
  }
}
