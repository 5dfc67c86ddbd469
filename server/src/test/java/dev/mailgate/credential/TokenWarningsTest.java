package dev.mailgate.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.TokenClaims;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The warnings derived from what a token says, with tokens shaped as Entra ID issues them for
 * Exchange Online ({@code aud https://outlook.office.com}, {@code scp} with short names, {@code
 * tid}, {@code upn}) and as Google's token response describes its opaque ones.
 */
class TokenWarningsTest {

  private static final List<String> IMAP_AND_SMTP = List.of("IMAP", "SMTP");

  @Test
  void aTokenGrantingWhatImapAndSmtpNeedGetsNoWarning() {
    TokenClaims claims =
        exchangeToken("https://outlook.office.com", "IMAP.AccessAsUser.All SMTP.Send");

    assertThat(
            TokenWarnings.of(
                ProviderPreset.MICROSOFT_365, IMAP_AND_SMTP, claims, List.of(), true, false, 3L))
        .isEmpty();
  }

  @Test
  void noRefreshTokenSaysOfflineAccessIsMissingFromTheProfile() {
    TokenClaims claims =
        exchangeToken("https://outlook.office.com", "IMAP.AccessAsUser.All SMTP.Send");

    assertThat(
            TokenWarnings.of(
                ProviderPreset.MICROSOFT_365, IMAP_AND_SMTP, claims, List.of(), false, false, null))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.code()).isEqualTo("NO_REFRESH_TOKEN");
              assertThat(w.action()).contains("offline_access");
            });
  }

  @Test
  void googleWithoutARefreshTokenIsToldAboutAccessTypeOffline() {
    assertThat(
            TokenWarnings.of(
                ProviderPreset.GOOGLE,
                List.of("IMAP"),
                null,
                List.of("https://mail.google.com/"),
                false,
                false,
                null))
        .singleElement()
        .satisfies(w -> assertThat(w.action()).contains("access_type=offline"));
  }

  @Test
  void aTokenWithoutSmtpSendWarnsForTheSmtpAccountOnly() {
    TokenClaims claims =
        exchangeToken("https://outlook.office.com", "IMAP.AccessAsUser.All offline_access");

    assertThat(
            TokenWarnings.of(
                ProviderPreset.MICROSOFT_365, IMAP_AND_SMTP, claims, List.of(), true, false, 1L))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.code()).isEqualTo("SCOPE_MISSING");
              assertThat(w.message()).contains("SMTP.Send").contains("SMTP");
              assertThat(w.action()).contains("https://outlook.office.com/SMTP.Send");
            });
  }

  @Test
  void aGraphTokenForAnImapAccountIsATokenForAnotherAudience() {
    TokenClaims claims = exchangeToken("https://graph.microsoft.com", "IMAP.AccessAsUser.All");

    assertThat(
            TokenWarnings.of(
                ProviderPreset.MICROSOFT_365, List.of("IMAP"), claims, List.of(), true, false, 1L))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.code()).isEqualTo("OTHER_AUDIENCE");
              assertThat(w.message())
                  .contains("https://graph.microsoft.com")
                  .contains("https://outlook.office.com");
            });
  }

  @Test
  void aGoogleRefreshTokenNearSevenDaysExplainsTestingMode() {
    List<String> gmail = List.of("https://mail.google.com/");
    assertThat(
            TokenWarnings.of(ProviderPreset.GOOGLE, List.of("IMAP"), null, gmail, true, false, 4L))
        .isEmpty();

    assertThat(
            TokenWarnings.of(ProviderPreset.GOOGLE, List.of("IMAP"), null, gmail, true, false, 5L))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.code()).isEqualTo("GOOGLE_REFRESH_TOKEN_AGE");
              assertThat(w.message()).contains("Testing").contains("7 days");
              assertThat(w.action()).contains("Publish app");
            });
  }

  @Test
  void theClaimsAreReadFromTheTokenAndAnOpaqueTokenHasNone() {
    TokenClaims claims = exchangeToken("https://outlook.office.com", "IMAP.AccessAsUser.All");

    assertThat(claims.tenant()).isEqualTo("72f988bf-86f1-41af-91ab-2d7cd011db47");
    assertThat(claims.identityClaims()).containsEntry("upn", "ada@contoso.com");
    assertThat(claims.issuedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(TokenClaims.read("ya29.a0AfH6SMB-opaque")).isEmpty();
  }

  private static TokenClaims exchangeToken(String audience, String scp) {
    Instant issued = Instant.parse("2026-12-01T10:00:00Z");
    String token =
        new PlainJWT(
                new JWTClaimsSet.Builder()
                    .audience(audience)
                    .issuer("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/")
                    .claim("tid", "72f988bf-86f1-41af-91ab-2d7cd011db47")
                    .claim("scp", scp)
                    .claim("upn", "ada@contoso.com")
                    .claim("oid", "5f8a0c2e-1b3d-4e5f-a6b7-c8d9e0f1a2b3")
                    .issueTime(Date.from(issued))
                    .expirationTime(Date.from(issued.plusSeconds(3600)))
                    .build())
            .serialize();
    return TokenClaims.read(token).orElseThrow();
  }
}
