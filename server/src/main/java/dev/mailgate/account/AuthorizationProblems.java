package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.credential.CredentialStatus;
import dev.mailgate.credential.CredentialStatuses;
import dev.mailgate.mail.explain.Explanation;
import dev.mailgate.mail.explain.Explanations;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the token endpoint said against the authorization an account signs in with, explained for
 * the account page (issue 19): the reason it needs re-authorizing, or the last refresh that failed
 * while it is still authorized (a refused client secret, an unknown app), so the page names the fix
 * the way diagnostics does.
 */
@Component
class AuthorizationProblems {

  /** The provider's words and, where the catalogue knows them, what they mean and what to do. */
  record AuthorizationProblem(String reply, Explanation explanation) {}

  private final JdbcProviderStore providers;
  private final CredentialStatuses credentials;

  AuthorizationProblems(JdbcProviderStore providers, CredentialStatuses credentials) {
    this.providers = providers;
    this.credentials = credentials;
  }

  Optional<AuthorizationProblem> of(EmailAccount account) {
    if (account.authMethod() != AuthMethod.OAUTH2 || account.profileId() == null) {
      return Optional.empty();
    }
    return providers
        .profile(account.profileId())
        .map(OAuthProfile::providerId)
        .flatMap(
            provider ->
                credentials.list().stream()
                    .filter(c -> c.providerId().equals(provider))
                    .filter(c -> c.identity().equalsIgnoreCase(account.authorizingIdentity()))
                    .findFirst())
        .flatMap(AuthorizationProblems::problem);
  }

  private static Optional<AuthorizationProblem> problem(CredentialStatus c) {
    String reply =
        c.state() == CredentialState.NEEDS_REAUTHORIZATION
            ? c.stateReason()
            : c.consecutiveFailures() > 0 ? c.lastFailure() : null;
    if (reply == null || reply.isBlank()) {
      return Optional.empty();
    }
    return Explanations.explain(reply).map(e -> new AuthorizationProblem(reply, e));
  }
}
