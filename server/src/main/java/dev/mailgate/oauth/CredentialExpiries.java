package dev.mailgate.oauth;

import dev.mailgate.oauth.CredentialExpiry.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * When each provider's client secret (as entered) and certificate (as read from it) expire, and
 * which warning step each has reached. Entra ID lets a secret live at most 24 months; when it
 * lapses every token request fails with {@code AADSTS7000222} and all mail through the provider
 * stops, so the admin is told ahead, at each of {@code mailgate.oauth.expiry-warning-days}.
 */
@Service
public class CredentialExpiries {

  private final JdbcProviderStore providers;
  private final ClientCertificates certificates;
  private final OAuthProperties properties;
  private final Clock clock;

  CredentialExpiries(
      JdbcProviderStore providers,
      ClientCertificates certificates,
      OAuthProperties properties,
      Clock clock) {
    this.providers = providers;
    this.certificates = certificates;
    this.properties = properties;
    this.clock = clock;
  }

  /** Every known expiry of this provider: its secret's and its certificate's, near or far. */
  public List<CredentialExpiry> of(OAuthProvider provider) {
    List<CredentialExpiry> all = new ArrayList<>();
    Optional<LocalDate> secret = providers.clientSecretExpiresOn(provider.id());
    // The portal shows a date; the secret is good through that day (UTC).
    secret.ifPresent(
        date ->
            all.add(
                expiry(
                    provider,
                    Kind.CLIENT_SECRET,
                    date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())));
    certificates
        .find(provider.id())
        .ifPresent(c -> all.add(expiry(provider, Kind.CERTIFICATE, c.notAfter())));
    return all;
  }

  /**
   * The warnings of every provider: an expiry within the first warning step, or past, of what the
   * provider authenticates with (an unused secret beside a certificate warns no one).
   */
  public List<CredentialExpiry> warnings() {
    return providers.list().stream().flatMap(p -> warnings(p).stream()).toList();
  }

  /** As {@link #warnings()}, for one provider. */
  public List<CredentialExpiry> warnings(OAuthProvider provider) {
    Kind used = provider.tokenAuthMethod().usesSecret() ? Kind.CLIENT_SECRET : Kind.CERTIFICATE;
    return of(provider).stream().filter(e -> e.warning() && e.kind() == used).toList();
  }

  /** As {@link #warnings(OAuthProvider)}, by the provider's id; none if there is no such one. */
  public List<CredentialExpiry> warnings(UUID providerId) {
    return providers.find(providerId).map(this::warnings).orElse(List.of());
  }

  private CredentialExpiry expiry(OAuthProvider provider, Kind kind, Instant expiresAt) {
    Instant now = clock.instant();
    Duration left = Duration.between(now, expiresAt);
    // Whole days left, rounded up: 30 days and an hour ahead is not yet "30 days ahead".
    long days = left.isNegative() || left.isZero() ? 0 : (left.toSeconds() + 86_399) / 86_400;
    Integer threshold = null;
    if (!now.isBefore(expiresAt)) {
      threshold = 0;
    } else {
      for (int step : properties.expiryWarningDays()) { // largest first
        if (days <= step) {
          threshold = step;
        }
      }
    }
    return new CredentialExpiry(
        provider.id(),
        provider.name(),
        kind,
        expiresAt,
        days,
        threshold,
        summary(provider, kind, days, threshold),
        action(kind));
  }

  private static String summary(OAuthProvider provider, Kind kind, long days, Integer threshold) {
    String what = "The " + kind.words() + " of provider '" + provider.name() + "'";
    if (threshold != null && threshold == 0) {
      return what
          + " has expired: every token request fails (Microsoft answers AADSTS7000222 for a"
          + " secret) and mail through this provider stops.";
    }
    return what + " expires in " + days + (days == 1 ? " day." : " days.");
  }

  private static String action(Kind kind) {
    return kind == Kind.CLIENT_SECRET
        ? "Renew it: in Entra ID open App registrations > the app > Certificates & secrets >"
            + " Client secrets > New client secret, enter its Value and its expiry date on the"
            + " provider's page in Mailgate, then delete the old secret. The mailboxes need no"
            + " new authorization."
        : "Renew it: on the provider's page in Mailgate click Generate certificate (or import a"
            + " new PKCS#12), download it and upload it in Entra ID (App registrations > the app"
            + " > Certificates & secrets > Certificates > Upload certificate) at once: Mailgate"
            + " signs with the new one from then on. The mailboxes need no new authorization.";
  }
}
