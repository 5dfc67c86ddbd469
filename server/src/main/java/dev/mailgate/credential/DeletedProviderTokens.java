package dev.mailgate.credential;

import dev.mailgate.oauth.ProviderDeleting;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Forgets every token granted at a provider when the provider itself is deleted. */
@Component
class DeletedProviderTokens {

  private final JdbcCredentialStore credentials;

  DeletedProviderTokens(JdbcCredentialStore credentials) {
    this.credentials = credentials;
  }

  /** Runs in the deleting transaction (a plain listener is called synchronously). */
  @EventListener
  void forget(ProviderDeleting deleting) {
    credentials.deleteAllOf(deleting.providerId());
  }
}
