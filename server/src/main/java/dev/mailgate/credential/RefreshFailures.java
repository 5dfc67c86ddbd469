package dev.mailgate.credential;

import dev.mailgate.mail.explain.Explanations;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.ProviderCallException;
import java.util.Set;

/**
 * Which refusals of a refresh mean the consent is gone, and how to word a failure for the admin.
 *
 * <p>{@code invalid_grant} (revoked or expired refresh token, password change, consent withdrawn)
 * and {@code invalid_scope} (the grant no longer covers the scopes) end the credential: only a new
 * authorization helps. {@code invalid_client} and {@code unauthorized_client} are not about the
 * credential but about Mailgate's registration at the provider (a client secret that expired or was
 * rotated): re-authorizing every mailbox would not help, and the refresh token is still good once
 * the secret is fixed. They are treated like an outage: recorded, retried with backoff, the old
 * token used until it expires. See docs/adr/0006-token-lifecycle.md.
 */
final class RefreshFailures {

  private static final Set<String> CONSENT_GONE = Set.of("invalid_grant", "invalid_scope");
  private static final Set<String> CLIENT_REFUSED = Set.of("invalid_client", "unauthorized_client");

  private RefreshFailures() {}

  static boolean consentGone(ProviderCallException e) {
    return e.rejected() && e.errorCode() != null && CONSENT_GONE.contains(e.errorCode());
  }

  /**
   * The failure in the provider's words, with what to do where that is not obvious: for a refused
   * client registration, which provider to fix; for any other error the explanations table knows
   * (e.g. an AADSTS code), its advice.
   */
  static String describe(ProviderCallException e, OAuthProvider provider) {
    if (e.errorCode() != null && CLIENT_REFUSED.contains(e.errorCode())) {
      boolean secret = provider.tokenAuthMethod().usesSecret();
      // A code the table knows (an expired secret, a certificate Entra ID does not know) says
      // exactly what to renew; the general advice stands before it.
      String specific =
          Explanations.explain(e.getMessage())
              .filter(explanation -> !explanation.code().equals("CLIENT_REFUSED"))
              .map(explanation -> " " + explanation.action())
              .orElse("");
      return e.getMessage()
          + " The provider refused Mailgate's client registration: check the client id and "
          + (secret ? "secret" : "certificate")
          + " of provider '"
          + provider.name()
          + "'"
          + (secret ? " (client secrets expire)." : ".")
          + " The mailboxes need no new authorization."
          + specific;
    }
    return Explanations.explain(e.getMessage())
        .map(explanation -> e.getMessage() + " " + explanation.action())
        .orElse(e.getMessage());
  }
}
