package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.mailgate.sandbox.MailClients.Protocol;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sandbox mail server takes an XOAUTH2 login only as Exchange Online or Gmail would, on SMTP,
 * IMAP and POP3 alike: a token of the sandbox issuer, signed with its key, unexpired, for the
 * mailbox or a delegate of it, with the protocol's scope. Tokens come from the running provider;
 * clients are Angus Mail over the TLS ports, checking the host name.
 */
class SandboxXoauth2Test {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void theMailboxsOwnTokenWithTheProtocolsScopeIsAccepted(Protocol protocol) throws Exception {
    String token = tokenFor(Sandbox.SERVICEDESK, protocol.scope);
    String subject = "accepted on " + protocol;

    login(protocol, Sandbox.SERVICEDESK, token, subject);

    if (protocol == Protocol.SMTP) {
      assertThat(sandbox.mail().inbox(Sandbox.DEMO)).anyMatch(m -> subjectOf(m).equals(subject));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void theRightTokenIsAcceptedOnThePlainPortsToo(Protocol protocol) throws Exception {
    String token = tokenFor(Sandbox.SERVICEDESK, protocol.scope);

    MailClients.xoauth2(
        protocol, protocol.plain, sandbox.ports(), Sandbox.SERVICEDESK, token, null);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anExpiredTokenIsRefused(Protocol protocol) {
    sandbox.oauth().shiftTokenClock(Duration.ofHours(-2));
    String expired;
    try {
      expired = tokenFor(Sandbox.SERVICEDESK, protocol.scope);
    } finally {
      sandbox.oauth().shiftTokenClock(Duration.ZERO);
    }

    assertRefused(protocol, Sandbox.SERVICEDESK, expired, "Expired JWT");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aTokenRevokedAtTheServerIsRefusedAndTheNextOneAccepted(Protocol protocol) throws Exception {
    String revoked = tokenFor(Sandbox.SERVICEDESK, protocol.scope);
    sandbox.mail().revokeAccessToken(revoked);

    assertRefused(protocol, Sandbox.SERVICEDESK, revoked, "revoked at the server");
    login(protocol, Sandbox.SERVICEDESK, tokenFor(Sandbox.SERVICEDESK, protocol.scope), "next");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aTokenWithTheSameClaimsSignedByAnotherKeyIsRefused(Protocol protocol) throws Exception {
    SignedJWT genuine = SignedJWT.parse(tokenFor(Sandbox.SERVICEDESK, protocol.scope));
    RSAKey otherKey = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(otherKey.getKeyID()).build(),
            genuine.getJWTClaimsSet());
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
    List<String> otherScopes =
        List.of(SandboxScopes.OPENID, SandboxScopes.IMAP, SandboxScopes.SMTP, SandboxScopes.POP)
            .stream()
            .filter(scope -> !scope.equals(protocol.scope))
            .toList();
    String token = sandbox.oauth().signIn(Sandbox.SERVICEDESK, otherScopes).accessToken();

    assertRefused(protocol, Sandbox.SERVICEDESK, token, "no '" + protocol.scope + "' scope");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aDelegateGrantedAccessOpensTheSharedMailbox(Protocol protocol) throws Exception {
    String shared = "shared-" + protocol.name().toLowerCase(Locale.ROOT) + "@mailgate.test";
    sandbox.mail().addOAuthMailbox(shared);
    String delegateToken = tokenFor(Sandbox.ADELE, protocol.scope);
    assertRefused(protocol, shared, delegateToken, "belongs to [" + Sandbox.ADELE + "]");

    sandbox.mail().grantAccess(shared, Sandbox.ADELE);

    login(protocol, shared, delegateToken, "sent by a delegate on " + protocol);
  }

  private static String tokenFor(String identity, String scope) {
    return sandbox
        .oauth()
        .signIn(identity, List.of(SandboxScopes.OPENID, SandboxScopes.EMAIL, scope))
        .accessToken();
  }

  private static void assertRefused(Protocol protocol, String mailbox, String token, String why) {
    int before = sandbox.mail().refusals().size();

    // Angus's POP3 client takes the error challenge's "+" (RFC 7628 §3.2.2) for success and sends
    // its next command instead of the dummy response, so it fails opening the INBOX rather than
    // signing in; the sandbox's refusal and its reason are what this test checks.
    Class<? extends Exception> failure =
        protocol == Protocol.POP3 ? MessagingException.class : AuthenticationFailedException.class;
    assertThatThrownBy(() -> login(protocol, mailbox, token, "should not be sent"))
        .isInstanceOf(failure);
    List<String> refusals = sandbox.mail().refusals();
    assertThat(refusals.subList(before, refusals.size()))
        .anySatisfy(
            reason ->
                assertThat(reason)
                    .startsWith(mailbox + " refused a token on " + protocol)
                    .contains(why));
  }

  private static void login(Protocol protocol, String mailbox, String token, String subject)
      throws Exception {
    MimeMessage message = MailClients.message(mailbox, Sandbox.DEMO, subject);
    MailClients.xoauth2(protocol, protocol.tls, sandbox.ports(), mailbox, token, message);
  }

  private static String subjectOf(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
