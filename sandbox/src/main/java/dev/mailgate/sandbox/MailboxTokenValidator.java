package dev.mailgate.sandbox;

import com.icegreen.greenmail.user.TokenValidator;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XOAUTH2 check of one sandbox mailbox, as Exchange Online or Gmail make it: a valid token of
 * the sandbox issuer ({@link SandboxTokenVerifier}) whose identity ({@code email}, {@code upn} or
 * {@code preferred_username}, any case) is the mailbox or a delegate granted access to it, and
 * whose scopes cover the protocol in use ({@link MailProtocol}: the validator is not told which).
 *
 * <p>A refusal is logged and recorded with its reason, never with the token.
 */
final class MailboxTokenValidator implements TokenValidator {

  private static final Logger log = LoggerFactory.getLogger(MailboxTokenValidator.class);
  private static final List<String> IDENTITY_CLAIMS = List.of("email", "preferred_username", "upn");

  private final String mailbox;
  private final SandboxTokenVerifier verifier;
  private final Predicate<String> delegate;
  private final Predicate<String> revoked;
  private final Consumer<String> refusals;

  /**
   * @param delegate whether an identity was granted access to this mailbox
   * @param revoked whether a token, valid as it may be, was revoked at the server
   * @param refusals where the reasons for refusals go
   */
  MailboxTokenValidator(
      String mailbox,
      SandboxTokenVerifier verifier,
      Predicate<String> delegate,
      Predicate<String> revoked,
      Consumer<String> refusals) {
    this.mailbox = mailbox.toLowerCase(Locale.ROOT);
    this.verifier = verifier;
    this.delegate = delegate;
    this.revoked = revoked;
    this.refusals = refusals;
  }

  @Override
  public boolean isValid(String token) {
    Optional<MailProtocol> protocol = MailProtocol.ofCurrentThread();
    if (protocol.isEmpty()) {
      return refuse("?", "no mail connection on thread " + Thread.currentThread().getName());
    }
    String on = protocol.get().name();
    JWTClaimsSet claims;
    try {
      claims = verifier.verify(token);
    } catch (SandboxTokenVerifier.RefusedTokenException e) {
      return refuse(on, e.getMessage());
    }
    List<String> identities = identities(claims);
    if (!identities.contains(mailbox) && identities.stream().noneMatch(delegate)) {
      return refuse(on, "the token belongs to " + identities);
    }
    String needed = protocol.get().scope();
    if (!protocol.get().coveredBy(scopes(claims))) {
      return refuse(on, "the token has no '" + needed + "' scope");
    }
    if (revoked.test(token)) {
      return refuse(on, "the token was revoked at the server");
    }
    return true;
  }

  private boolean refuse(String protocol, String why) {
    String reason = mailbox + " refused a token on " + protocol + ": " + why;
    log.info(reason);
    refusals.accept(reason);
    return false;
  }

  private static List<String> identities(JWTClaimsSet claims) {
    return IDENTITY_CLAIMS.stream()
        .map(claims::getClaim)
        .filter(String.class::isInstance)
        .map(value -> ((String) value).strip().toLowerCase(Locale.ROOT))
        .distinct()
        .toList();
  }

  /** {@code scp} (Entra ID) and {@code scope}, space-separated strings or lists. */
  private static Set<String> scopes(JWTClaimsSet claims) {
    return Stream.of(claims.getClaim("scp"), claims.getClaim("scope"))
        .flatMap(
            value ->
                switch (value) {
                  case null -> Stream.<String>empty();
                  case List<?> list -> list.stream().map(String::valueOf);
                  default -> Arrays.stream(String.valueOf(value).split("\\s+"));
                })
        .collect(Collectors.toSet());
  }
}
