package dev.mailgate.oauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The URLs a provider's client secret, or the tokens it issues, are sent to (or that decide where
 * they go: the issuer names the discovery document and the ID tokens' signer). A stored secret was
 * entered for these; when one of them changes, the secret must be entered again with the change, so
 * that whoever can edit a provider cannot redirect a secret they never knew to a server of theirs.
 */
final class SecretDestinations {

  private record Destination(String field, String label, Function<Endpoints, String> url) {}

  /** The endpoints of a provider, stored or about to be. */
  record Endpoints(
      String authorizationUrl,
      String tokenUrl,
      String revocationUrl,
      String userinfoUrl,
      String issuer,
      String deviceAuthorizationUrl) {

    static Endpoints of(OAuthProvider p) {
      return new Endpoints(
          p.authorizationUrl(),
          p.tokenUrl(),
          p.revocationUrl(),
          p.userinfoUrl(),
          p.issuer(),
          p.deviceAuthorizationUrl());
    }

    static Endpoints of(NewProvider p) {
      return new Endpoints(
          p.authorizationUrl(),
          p.tokenUrl(),
          p.revocationUrl(),
          p.userinfoUrl(),
          p.issuer(),
          p.deviceAuthorizationUrl());
    }
  }

  /** One moved destination: the field, its words, the stored and the new URL. */
  record Move(String field, String label, String from, String to) {}

  private static final List<Destination> ALL =
      List.of(
          new Destination("authorizationUrl", "authorization URL", Endpoints::authorizationUrl),
          new Destination("tokenUrl", "token URL", Endpoints::tokenUrl),
          new Destination("revocationUrl", "revocation URL", Endpoints::revocationUrl),
          new Destination("userinfoUrl", "userinfo URL", Endpoints::userinfoUrl),
          new Destination("issuer", "issuer", Endpoints::issuer),
          // A confidential client authenticates there too (RFC 8628 section 3.1).
          new Destination(
              "deviceAuthorizationUrl",
              "device authorization URL",
              Endpoints::deviceAuthorizationUrl));

  private SecretDestinations() {}

  /** The destinations that differ between what is stored and what is about to be. */
  static List<Move> moved(Endpoints stored, Endpoints next) {
    List<Move> moves = new ArrayList<>();
    for (Destination d : ALL) {
      String from = d.url().apply(stored);
      String to = d.url().apply(next);
      if (!Objects.equals(blankToNull(from), blankToNull(to))) {
        moves.add(new Move(d.field(), d.label(), from, to));
      }
    }
    return moves;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
