package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.AccountState.Kind;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.system.Times;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An account's state in words, for each state it can be in. */
class AccountStateDescriberTest {

  private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
  private static final String MAILBOX = "servicedesk@contoso.com";

  private final AccountStateDescriber describer =
      new AccountStateDescriber(new Times(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC));

  @Test
  void anOAuthAccountWithoutTokensIsNotAuthorized() {
    AccountState state = describer.describe(oauth(true), provider(), null, List.of());

    assertThat(state.kind()).isEqualTo(Kind.NOT_AUTHORIZED);
    assertThat(state.words()).isEqualTo("not authorized");
  }

  @Test
  void anAuthorizationThatDoesNotGrantTheAccountsScopesNeedsReauthorization() {
    Credential tokens = credential(NOW.plusSeconds(3600), true, CredentialState.AUTHORIZED, null);

    AccountState state =
        describer.describe(
            oauth(true), provider(), tokens, List.of(), List.of("openid", "email", "imap", "pop"));

    assertThat(state.kind()).isEqualTo(Kind.NEEDS_REAUTHORIZATION);
    assertThat(state.words())
        .isEqualTo(
            "needs re-authorization because the authorization of "
                + MAILBOX
                + " does not grant pop (granted: imap)");
  }

  @Test
  void anAuthorizationGrantingTheAccountsScopesServesIt() {
    Credential tokens = credential(NOW.plusSeconds(3600), true, CredentialState.AUTHORIZED, null);

    AccountState state =
        describer.describe(oauth(true), provider(), tokens, List.of(), List.of("openid", "imap"));

    assertThat(state.kind()).isEqualTo(Kind.AUTHORIZED);
  }

  @Test
  void anOAuthAccountWithValidTokensIsAuthorizedAsTheIdentityUntilTheTokenExpires() {
    Credential tokens = credential(NOW.plusSeconds(3600), true, CredentialState.AUTHORIZED, null);

    AccountState state = describer.describe(oauth(true), provider(), tokens, List.of());

    assertThat(state.kind()).isEqualTo(Kind.AUTHORIZED);
    assertThat(state.words())
        .isEqualTo("authorized as " + MAILBOX + " until 23 Nov 2026, 09:00:00 UTC");
  }

  @Test
  void anExpiredAccessTokenWithARefreshTokenStillCountsAsAuthorized() {
    Credential tokens = credential(NOW.minusSeconds(60), true, CredentialState.AUTHORIZED, null);

    AccountState state = describer.describe(oauth(true), provider(), tokens, List.of());

    assertThat(state.kind()).isEqualTo(Kind.AUTHORIZED);
  }

  @Test
  void anExpiredAccessTokenWithoutARefreshTokenNeedsReAuthorization() {
    Credential tokens = credential(NOW.minusSeconds(60), false, CredentialState.AUTHORIZED, null);

    AccountState state = describer.describe(oauth(true), provider(), tokens, List.of());

    assertThat(state.kind()).isEqualTo(Kind.NEEDS_REAUTHORIZATION);
    assertThat(state.words())
        .isEqualTo(
            "needs re-authorization because the access token expired at 23 Nov 2026, 07:59:00 UTC and"
                + " there is no refresh token to renew it");
  }

  @Test
  void tokensTheProviderRefusedNeedReAuthorizationWithTheReason() {
    Credential tokens =
        credential(
            NOW.plusSeconds(60),
            true,
            CredentialState.NEEDS_REAUTHORIZATION,
            "the provider answered invalid_grant: the user revoked consent");

    AccountState state = describer.describe(oauth(true), provider(), tokens, List.of());

    assertThat(state.words())
        .isEqualTo(
            "needs re-authorization because the provider answered invalid_grant: the user revoked"
                + " consent");
  }

  @Test
  void anInactiveAccountIsDisabledWhateverItsTokens() {
    Credential tokens = credential(NOW.plusSeconds(3600), true, CredentialState.AUTHORIZED, null);

    AccountState state = describer.describe(oauth(false), provider(), tokens, List.of());

    assertThat(state.kind()).isEqualTo(Kind.DISABLED);
    assertThat(state.words()).isEqualTo("disabled");
  }

  @Test
  void anAppOnlyAccountNeedsNoAuthorization() {
    OAuthProvider appOnly = provider(GrantType.CLIENT_CREDENTIALS);

    AccountState state = describer.describe(oauth(true), appOnly, null, List.of());

    assertThat(state.kind()).isEqualTo(Kind.APP_ONLY);
    assertThat(state.words()).startsWith("app-only:").endsWith("nothing to authorize");
  }

  @Test
  void aBasicAccountSaysWhetherItHasAPassword() {
    AccountState state = describer.describe(basic(), null, null, List.of());

    assertThat(state.kind()).isEqualTo(Kind.PASSWORD);
    assertThat(state.words()).isEqualTo("signs in with a password");
  }

  @Test
  void theAccountsSharingTheAuthorizationAreKept() {
    AccountState state =
        describer.describe(oauth(true), provider(), null, List.of("Sales", "Support"));

    assertThat(state.sharedWith()).containsExactly("Sales", "Support");
  }

  private static EmailAccount oauth(boolean active) {
    return account(AuthMethod.OAUTH2, false, active);
  }

  private static EmailAccount basic() {
    return account(AuthMethod.BASIC, true, true);
  }

  private static EmailAccount account(AuthMethod auth, boolean hasPassword, boolean active) {
    return new EmailAccount(
        UUID.randomUUID(),
        "Service desk",
        AccountType.IMAP,
        MAILBOX,
        MAILBOX,
        "outlook.office365.com",
        993,
        ConnectionSecurity.SSL_TLS,
        auth,
        hasPassword,
        auth == AuthMethod.OAUTH2 ? UUID.randomUUID() : null,
        null,
        active,
        false,
        NOW,
        NOW,
        null);
  }

  private static OAuthProvider provider() {
    return provider(GrantType.AUTHORIZATION_CODE);
  }

  private static OAuthProvider provider(GrantType grant) {
    return new OAuthProvider(
        UUID.randomUUID(),
        "Contoso",
        ProviderPreset.MICROSOFT_365,
        "app",
        true,
        "https://login.example.test/authorize",
        "https://login.example.test/token",
        null,
        null,
        null,
        null,
        TokenAuthMethod.CLIENT_SECRET_POST,
        true,
        "select_account",
        null,
        grant,
        false,
        NOW,
        NOW,
        null);
  }

  private static Credential credential(
      Instant expires, boolean refresh, CredentialState state, String reason) {
    return new Credential(
        UUID.randomUUID(),
        UUID.randomUUID(),
        MAILBOX,
        expires,
        refresh,
        List.of("imap"),
        state,
        reason,
        NOW,
        NOW);
  }
}
