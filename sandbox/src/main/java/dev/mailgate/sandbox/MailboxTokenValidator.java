package dev.mailgate.sandbox;

import com.icegreen.greenmail.user.TokenValidator;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XOAUTH2 check of one sandbox mailbox: a valid sandbox token ({@link SandboxTokenVerifier})
 * whose identity is the mailbox or a delegate granted access to it, and whose scopes cover the
 * protocol in use.
 *
 * <p>GreenMail hands a validator only the token, not the protocol. Each GreenMail connection runs
 * on a thread named after its server ({@code imaps:127.0.0.1:3993<-...}), so the protocol is read
 * from the current thread's name; a thread we do not recognise is refused.
 */
final class MailboxTokenValidator implements TokenValidator {

  private static final Logger log = LoggerFactory.getLogger(MailboxTokenValidator.class);
  private static final List<String> IDENTITY_CLAIMS = List.of("email", "preferred_username", "upn");
  private static final List<String> PROTOCOLS =
      List.of("smtps", "smtp", "imaps", "imap", "pop3s", "pop3");

  private final String mailbox;
  private final SandboxTokenVerifier verifier;
  private final Supplier<Set<String>> delegates;
  private final Consumer<String> refusals;

  MailboxTokenValidator(
      String mailbox,
      SandboxTokenVerifier verifier,
      Supplier<Set<String>> delegates,
      Consumer<String> refusals) {
    this.mailbox = mailbox.toLowerCase(Locale.ROOT);
    this.verifier = verifier;
    this.delegates = delegates;
    this.refusals = refusals;
  }

  @Override
  public boolean isValid(String token) {
    String protocol = currentProtocol();
    if (protocol == null) {
      return refuse("unknown protocol thread " + Thread.currentThread().getName());
    }
    JWTClaimsSet claims;
    try {
      claims = verifier.verify(token);
    } catch (IllegalArgumentException e) {
      return refuse(protocol + ": " + e.getMessage());
    }
    List<String> identities = identities(claims);
    boolean allowed =
        identities.contains(mailbox) || identities.stream().anyMatch(delegates.get()::contains);
    if (!allowed) {
      return refuse(protocol + ": the token belongs to " + identities);
    }
    String needed = SandboxScopes.forProtocol(protocol);
    if (!scopes(claims).contains(needed)) {
      return refuse(protocol + ": the token has no '" + needed + "' scope");
    }
    return true;
  }

  private boolean refuse(String why) {
    String reason = mailbox + " refused a token on " + why;
    log.info(reason);
    refusals.accept(reason);
    return false;
  }

  static String currentProtocol() {
    String name = Thread.currentThread().getName().toLowerCase(Locale.ROOT);
    return PROTOCOLS.stream().filter(p -> name.startsWith(p + ":")).findFirst().orElse(null);
  }

  private static List<String> identities(JWTClaimsSet claims) {
    return IDENTITY_CLAIMS.stream()
        .map(claim -> claims.getClaim(claim))
        .filter(value -> value instanceof String)
        .map(value -> ((String) value).strip().toLowerCase(Locale.ROOT))
        .distinct()
        .toList();
  }

  private static Set<String> scopes(JWTClaimsSet claims) {
    return Stream.of(claims.getClaim("scp"), claims.getClaim("scope"))
        .filter(Objects::nonNull)
        .flatMap(
            value ->
                value instanceof List<?> list
                    ? list.stream().map(String::valueOf)
                    : Arrays.stream(String.valueOf(value).split("\\s+")))
        .collect(java.util.stream.Collectors.toSet());
  }
}
