package dev.mailgate.mail.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailgate.mail.compose.MessageComposer;
import dev.mailgate.mail.compose.OutgoingMessage;
import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.mail.sasl.OAuthMechanism;
import dev.mailgate.mail.sasl.ResponseForm;
import dev.mailgate.mail.sasl.SaslRefusal;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sender's OAuth sign-in against the sandbox speaking SASL as real servers do (ADR 0019): the
 * two-line form for a JWT too long for the AUTH line, the fall-back when the server refuses the
 * line, OAUTHBEARER, and the error challenge.
 */
class SmtpOAuthTest {

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  private final SmtpSender sender =
      new SmtpSender(SandboxMailServer.sslSocketFactory(), Duration.ofSeconds(10));

  @AfterEach
  void serverAsBefore() {
    sandbox.mail().offerOAuthMechanisms("XOAUTH2", "OAUTHBEARER");
    sandbox.mail().limitSmtpCommandLine(Integer.MAX_VALUE);
  }

  private static SmtpServer smtps() {
    return new SmtpServer("localhost", sandbox.ports().smtps(), SmtpServer.Security.SSL_TLS);
  }

  private static String token(List<String> scopes) {
    return new SandboxSignIn(sandbox.oauth()).as(Sandbox.SERVICEDESK, scopes).accessToken();
  }

  private static String smtpToken() {
    return token(List.of("openid", SandboxScopes.SMTP));
  }

  private SmtpSender.Connection connect(MechanismSetting setting, String token) {
    return sender.connect(
        smtps(), new SmtpLogin.Xoauth2(Sandbox.SERVICEDESK, token, setting), Sandbox.SERVICEDESK);
  }

  private static byte[] message(String to) {
    return MessageComposer.compose(
        new OutgoingMessage(
            "<" + UUID.randomUUID() + "@mailgate.test>",
            Sandbox.SERVICEDESK,
            List.of(to),
            List.of(),
            List.of(),
            "SASL",
            "body",
            null,
            List.of(),
            Map.of(),
            null,
            List.of()),
        Instant.now());
  }

  @Test
  void aJwtTooLongForTheAuthLineGoesAfterThe334AndTheMessageIsDelivered() {
    sandbox.mail().offerOAuthMechanisms("XOAUTH2");
    sandbox.mail().limitSmtpCommandLine(512);
    String to = "two-line-" + UUID.randomUUID() + "@example.org";

    try (SmtpSender.Connection connection = connect(MechanismSetting.AUTO, smtpToken())) {
      connection.send(List.of(to), message(to));

      assertThat(connection.signIn().orElseThrow().mechanism()).isEqualTo(OAuthMechanism.XOAUTH2);
      assertThat(connection.signIn().orElseThrow().form()).isEqualTo(ResponseForm.TWO_LINE);
      assertThat(connection.signIn().orElseThrow().fellBack()).isFalse();
      assertThat(connection.signIn().orElseThrow().describe())
          .isEqualTo("XOAUTH2, two-line (initial response after 334)");
    }
    assertThat(sandbox.mail().inbox(to)).hasSize(1);
  }

  @Test
  void autoTakesOauthBearerWhereTheServerOffersIt() {
    String to = "bearer-" + UUID.randomUUID() + "@example.org";

    try (SmtpSender.Connection connection = connect(MechanismSetting.AUTO, smtpToken())) {
      connection.send(List.of(to), message(to));

      assertThat(connection.signIn().orElseThrow().mechanism())
          .isEqualTo(OAuthMechanism.OAUTHBEARER);
    }
    assertThat(sandbox.mail().inbox(to)).hasSize(1);
  }

  @Test
  void theAccountsSettingForcesXoauth2WhereOauthBearerIsOffered() {
    try (SmtpSender.Connection connection = connect(MechanismSetting.XOAUTH2, smtpToken())) {
      assertThat(connection.signIn().orElseThrow().mechanism()).isEqualTo(OAuthMechanism.XOAUTH2);
    }
  }

  @Test
  void aServerRefusingTheLineUnderItsOwnLimitGetsTheTwoLineFormOnceOnANewConnection() {
    // a short token fits 512 octets, but this server takes only 100 and closes on a longer line
    sandbox.mail().limitSmtpCommandLine(100);
    SmtpSender fresh = new SmtpSender(SandboxMailServer.sslSocketFactory(), Duration.ofSeconds(10));
    String shortToken = "x".repeat(100);
    SmtpServer server = smtps();

    SmtpException.AuthenticationRefused refused =
        catchThrowableOfType(
            SmtpException.AuthenticationRefused.class,
            () ->
                fresh.connect(
                    server,
                    new SmtpLogin.Xoauth2(
                        Sandbox.SERVICEDESK, shortToken, MechanismSetting.XOAUTH2),
                    Sandbox.SERVICEDESK));

    // the second try went two-line and reached the token check, which refused the dummy token
    SaslRefusal sasl = refused.sasl().orElseThrow();
    assertThat(sasl.signIn().form()).isEqualTo(ResponseForm.TWO_LINE);
    assertThat(sasl.signIn().fellBack()).isTrue();
    assertThat(sasl.finalReply()).isEqualTo("535 5.7.8 Authentication credentials invalid");
  }

  @Test
  void aServerRefusingTheLineIsRememberedAndSignsInTwoLineFromThen() {
    sandbox.mail().limitSmtpCommandLine(100);
    String token = smtpToken();

    try (SmtpSender.Connection first = connect(MechanismSetting.XOAUTH2, token)) {
      assertThat(first.signIn().orElseThrow().form()).isEqualTo(ResponseForm.TWO_LINE);
    }
    try (SmtpSender.Connection second = connect(MechanismSetting.XOAUTH2, token)) {
      assertThat(second.signIn().orElseThrow().fellBack()).isFalse();
      assertThat(second.signIn().orElseThrow().form()).isEqualTo(ResponseForm.TWO_LINE);
    }
  }

  @Test
  void aRefusedOauthBearerTokenCarriesTheDecodedChallengeAndTheFinalReplyVerbatim() {
    String imapOnly = token(List.of("openid", SandboxScopes.IMAP));

    SmtpException.AuthenticationRefused refused =
        catchThrowableOfType(
            SmtpException.AuthenticationRefused.class,
            () -> connect(MechanismSetting.OAUTHBEARER, imapOnly));

    SaslRefusal sasl = refused.sasl().orElseThrow();
    assertThat(refused.reply()).isEqualTo("535 5.7.8 Authentication credentials invalid");
    assertThat(sasl.replyCode()).isEqualTo(535);
    assertThat(sasl.enhancedStatus()).contains("5.7.8");
    assertThat(sasl.errorChallenge().orElseThrow().status()).isEqualTo("invalid_token");
    assertThat(sasl.errorChallenge().orElseThrow().scope()).isEqualTo("smtp");
    assertThat(sasl.errorChallenge().orElseThrow().openidConfiguration())
        .isEqualTo(sandbox.oauth().discoveryUrl());
    assertThat(refused).hasMessageNotContaining(imapOnly);
  }

  @Test
  void aRefusedXoauth2TokenIsAcknowledgedWithAnEmptyLineAndGetsTheFinalReply() {
    String imapOnly = token(List.of("openid", SandboxScopes.IMAP));

    SmtpException.AuthenticationRefused refused =
        catchThrowableOfType(
            SmtpException.AuthenticationRefused.class,
            () -> connect(MechanismSetting.XOAUTH2, imapOnly));

    SaslRefusal sasl = refused.sasl().orElseThrow();
    assertThat(sasl.finalReply()).isEqualTo("535 5.7.8 Authentication credentials invalid");
    assertThat(sasl.errorChallenge().orElseThrow().status()).isEqualTo("401");
    assertThat(sasl.errorChallenge().orElseThrow().schemes()).isEqualTo("bearer");
  }
}
