package dev.mailgate.authorization;

import dev.mailgate.oauth.ProviderCallException;
import dev.mailgate.oauth.Revocation;
import java.util.List;
import java.util.UUID;

/** Every way an authorization can end without a credential, each said plainly with what to do. */
final class Failures {

  private static final String AGAIN = "Go back to the account and click Authorize again.";

  private Failures() {}

  static AuthorizationFailedException unknownState() {
    return new AuthorizationFailedException(
        "state_unknown",
        "This sign-in was not started by Mailgate",
        "The response carries a state Mailgate never issued (or one cleaned up long ago), so it"
            + " was refused and nothing was stored.",
        AGAIN,
        null);
  }

  static AuthorizationFailedException replayedState(UUID accountId) {
    return new AuthorizationFailedException(
        "state_replayed",
        "This sign-in response was already used",
        "Each Authorize click can complete once; this response arrived a second time (a reload,"
            + " the back button, or a replay) and was refused. Nothing was stored.",
        AGAIN,
        accountId);
  }

  static AuthorizationFailedException expiredState(UUID accountId) {
    return new AuthorizationFailedException(
        "state_expired",
        "The sign-in took too long",
        "An authorization must be completed within "
            + PendingAuthorizations.LIFETIME.toMinutes()
            + " minutes of clicking Authorize. Nothing was stored.",
        AGAIN,
        accountId);
  }

  static AuthorizationFailedException foreignState(UUID accountId) {
    return new AuthorizationFailedException(
        "state_foreign_session",
        "This sign-in was started in another browser session",
        "The authorization was started by another admin session than the one it came back to,"
            + " so it was refused (this protects against a forged sign-in). Nothing was stored.",
        "Click Authorize in the same browser session in which you complete the sign-in.",
        accountId);
  }

  static AuthorizationFailedException providerError(
      UUID accountId, String error, String description) {
    String said = description == null || description.isBlank() ? "" : " It said: " + description;
    return switch (error) {
      case "access_denied" ->
          new AuthorizationFailedException(
              "access_denied",
              "The sign-in was cancelled or consent was refused",
              "The provider answered access_denied." + said + " Nothing was stored.",
              "Authorize again and accept the requested permissions. If your organisation requires"
                  + " an administrator's approval (Microsoft: 'Need admin approval'), ask an"
                  + " administrator to grant consent to the app first.",
              accountId);
      case "invalid_scope" ->
          new AuthorizationFailedException(
              "invalid_scope",
              "The provider refused the requested scopes",
              "The provider answered invalid_scope." + said + " Nothing was stored.",
              "Check the scopes of the account's OAuth profile against the API permissions of the"
                  + " app registration, then authorize again.",
              accountId);
      default ->
          new AuthorizationFailedException(
              error,
              "The provider refused the authorization",
              "The provider answered " + error + "." + said + " Nothing was stored.",
              "Check the provider registration (client id, redirect URL "
                  + "and permissions), then authorize again.",
              accountId);
    };
  }

  static AuthorizationFailedException issuerMismatch(
      UUID accountId, String received, String expected) {
    return new AuthorizationFailedException(
        "issuer_mismatch",
        "The response came from another issuer",
        "The response names the issuer "
            + received
            + " but this provider's issuer is "
            + expected
            + " (RFC 9207 mix-up defence). Nothing was stored.",
        "Check the issuer configured for the provider; if it is right, the response did not come"
            + " from it. Authorize again.",
        accountId);
  }

  static AuthorizationFailedException issuerMissing(UUID accountId, String expected) {
    return new AuthorizationFailedException(
        "issuer_missing",
        "The response did not name its issuer",
        "The provider promises to send 'iss' with every authorization response (RFC 9207), but"
            + " this one had none, so it may not come from "
            + expected
            + ". Nothing was stored.",
        "Authorize again. If it happens every time, re-run discovery for the provider.",
        accountId);
  }

  static AuthorizationFailedException missingCode(UUID accountId) {
    return new AuthorizationFailedException(
        "code_missing",
        "The provider sent no authorization code",
        "The response had neither a code nor an error. Nothing was stored.",
        AGAIN,
        accountId);
  }

  static AuthorizationFailedException tokenRejected(UUID accountId, ProviderCallException e) {
    String action =
        switch (e.errorCode() == null ? "" : e.errorCode()) {
          case "invalid_client", "unauthorized_client" ->
              "Check the client id and client secret of the provider (a secret may have expired at"
                  + " the provider), then authorize again.";
          case "invalid_grant" ->
              "The code expired or was used already, or the redirect URL differs from the one"
                  + " registered. Authorize again.";
          default -> "Check the provider registration, then authorize again.";
        };
    return new AuthorizationFailedException(
        "token_" + (e.errorCode() == null ? "error" : e.errorCode()),
        "The provider refused to exchange the code for tokens",
        e.getMessage() + " Nothing was stored.",
        action,
        accountId);
  }

  static AuthorizationFailedException tokenUnavailable(UUID accountId, ProviderCallException e) {
    return new AuthorizationFailedException(
        "token_endpoint_unavailable",
        "The provider's token endpoint did not answer",
        e.getMessage() + " Nothing was stored.",
        "Try again in a few minutes; if it persists, check the token URL of the provider and the"
            + " network path to it.",
        accountId);
  }

  static AuthorizationFailedException invalidIdToken(UUID accountId, String why) {
    return new AuthorizationFailedException(
        "id_token_invalid",
        "The ID token is not valid",
        "The provider's ID token failed validation: " + why + ". Nothing was stored.",
        "Check the provider's issuer and JWKS URL (re-run discovery for an OpenID provider) and"
            + " the clock of this server, then authorize again.",
        accountId);
  }

  static AuthorizationFailedException identityUnknown(UUID accountId) {
    return new AuthorizationFailedException(
        "identity_unknown",
        "Mailgate could not tell who signed in",
        "Neither the ID token, nor the access token, nor the userinfo endpoint named the signed-in"
            + " user (email, preferred_username or upn). Nothing was stored.",
        "Add the scopes 'openid email' to the account's OAuth profile, or set the provider's"
            + " userinfo URL, then authorize again.",
        accountId);
  }

  /**
   * The wrong person signed in. Their tokens were never stored; what the provider did with its
   * revocation request is said per token, as Deauthorize says it (a provider may revoke the refresh
   * token but not the access token, RFC 7009).
   */
  static AuthorizationFailedException identityMismatch(
      UUID accountId, String signedIn, String expected, Revocation revocation) {
    return identityMismatch(accountId, signedIn, List.of(signedIn), expected, revocation);
  }

  /**
   * As {@link #identityMismatch(UUID, String, String, Revocation)}, naming every name and address
   * the provider gave for the person (ID token, access token, Graph's mail and proxyAddresses), so
   * the admin sees that none of them is the one expected.
   */
  static AuthorizationFailedException identityMismatch(
      UUID accountId, String signedIn, List<String> seen, String expected, Revocation revocation) {
    String names =
        seen.size() <= 1
            ? ""
            : " The provider named this person "
                + String.join(", ", seen)
                + "; none of them is "
                + expected
                + ".";
    return new AuthorizationFailedException(
        "identity_mismatch",
        "You signed in as " + signedIn + ", but this account expects " + expected,
        "The tokens of "
            + signedIn
            + " were not stored."
            + names
            + " "
            + revocation.summary()
            + " A browser that is already signed in to the provider often"
            + " signs in silently as that user.",
        "Click Authorize again and choose "
            + expected
            + " on the provider's account picker (or use a private window). If "
            + signedIn
            + " is a delegate allowed to authorize this shared mailbox, set the account's field"
            + " 'Authorizing identity' to "
            + signedIn
            + " first.",
        accountId);
  }
}
