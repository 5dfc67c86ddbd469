package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sandbox mail server accepts XOAUTH2 only as a real provider would, on SMTP, IMAP and POP3: a
 * token from the sandbox issuer, unexpired, for the mailbox (or a delegate), with the scope of the
 * protocol. Clients are Angus Mail over the TLS ports.
 */
class SandboxXoauth2Test {

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  enum Protocol {
    SMTP(SandboxScopes.SMTP),
    IMAP(SandboxScopes.IMAP),
    POP3(SandboxScopes.POP);

    final String scope;

    Protocol(String scope) {
      this.scope = scope;
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void theRightTokenIsAccepted(Protocol protocol) throws Exception {
    String token = tokenFor(Sandbox.SERVICEDESK, protocol.scope);

    login(protocol, Sandbox.SERVICEDESK, token);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anExpiredTokenIsRefused(Protocol protocol) {
    sandbox.oauth().shiftTokenClock(Duration.ofHours(-3));
    String token;
    try {
      token = tokenFor(Sandbox.SERVICEDESK, protocol.scope);
    } finally {
      sandbox.oauth().shiftTokenClock(Duration.ZERO);
    }

    assertRefused(protocol, Sandbox.SERVICEDESK, token, "Expired JWT");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aTokenSignedByAnotherKeyIsRefused(Protocol protocol) throws Exception {
    RSAKey otherKey = new RSAKeyGenerator(2048).keyID("sandbox").generate();
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("sandbox").build(),
            new JWTClaimsSet.Builder()
                .issuer(sandbox.oauth().issuer())
                .subject(Sandbox.SERVICEDESK)
                .claim("email", Sandbox.SERVICEDESK)
                .claim("scp", protocol.scope)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
    forged.sign(new RSASSASigner(otherKey));

    assertRefused(protocol, Sandbox.SERVICEDESK, forged.serialize(), "Invalid signature");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anotherPersonsTokenIsRefused(Protocol protocol) {
    String adelesToken = tokenFor(Sandbox.ADELE, protocol.scope);

    assertRefused(protocol, Sandbox.SERVICEDESK, adelesToken, "belongs to [" + Sandbox.ADELE + "]");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aTokenWithoutTheProtocolsScopeIsRefused(Protocol protocol) {
    String otherScope = protocol == Protocol.IMAP ? SandboxScopes.SMTP : SandboxScopes.IMAP;
    String token = tokenFor(Sandbox.SERVICEDESK, otherScope);

    assertRefused(protocol, Sandbox.SERVICEDESK, token, "no '" + protocol.scope + "' scope");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aDelegateGrantedAccessOpensTheSharedMailbox(Protocol protocol) throws Exception {
    String shared = "shared-" + protocol.name().toLowerCase() + "@mailgate.test";
    sandbox.mail().addOAuthMailbox(shared);
    String delegateToken = tokenFor(Sandbox.ADELE, protocol.scope);
    assertRefused(protocol, shared, delegateToken, "belongs to [" + Sandbox.ADELE + "]");

    sandbox.mail().grantAccess(shared, Sandbox.ADELE);

    login(protocol, shared, delegateToken);
  }

  private String tokenFor(String identity, String scope) {
    return new SandboxSignIn(sandbox.oauth())
        .as(identity, List.of("openid", "email", scope))
        .accessToken();
  }

  private void assertRefused(Protocol protocol, String mailbox, String token, String why) {
    int before = sandbox.mail().refusals().size();
    assertThatThrownBy(() -> login(protocol, mailbox, token))
        .isInstanceOf(AuthenticationFailedException.class);
    assertThat(sandbox.mail().refusals().subList(before, sandbox.mail().refusals().size()))
        .anyMatch(reason -> reason.startsWith(mailbox) && reason.contains(why));
  }

  private void login(Protocol protocol, String mailbox, String token) throws Exception {
    SandboxPorts ports = sandbox.sandbox().ports();
    switch (protocol) {
      case SMTP -> {
        Session session = session("smtps", ports.smtps());
        MimeMessage message = new MimeMessage(session);
        message.setFrom(mailbox);
        message.setRecipients(Message.RecipientType.TO, Sandbox.DEMO);
        message.setSubject("from " + mailbox);
        message.setText("hello");
        message.saveChanges();
        try (Transport transport = session.getTransport("smtps")) {
          transport.connect("127.0.0.1", ports.smtps(), mailbox, token);
          transport.sendMessage(message, message.getAllRecipients());
        }
        assertThat(sandbox.mail().inbox(Sandbox.DEMO))
            .anyMatch(m -> subjectOf(m).equals("from " + mailbox));
      }
      case IMAP ->
          openInbox(session("imaps", ports.imaps()), "imaps", ports.imaps(), mailbox, token);
      case POP3 ->
          openInbox(session("pop3s", ports.pop3s()), "pop3s", ports.pop3s(), mailbox, token);
    }
  }

  private static void openInbox(
      Session session, String protocol, int port, String mailbox, String token) throws Exception {
    try (Store store = session.getStore(protocol)) {
      store.connect("127.0.0.1", port, mailbox, token);
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessageCount()).isGreaterThanOrEqualTo(0);
      inbox.close(false);
    }
  }

  private static Session session(String protocol, int port) {
    Properties properties = new Properties();
    properties.put("mail." + protocol + ".auth.mechanisms", "XOAUTH2");
    properties.put("mail." + protocol + ".auth", "true");
    properties.put("mail." + protocol + ".ssl.trust", "127.0.0.1");
    properties.put("mail." + protocol + ".ssl.checkserveridentity", "false");
    properties.put("mail." + protocol + ".connectiontimeout", "5000");
    properties.put("mail." + protocol + ".timeout", "5000");
    return Session.getInstance(properties);
  }

  private static String subjectOf(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      return "";
    }
  }
}
