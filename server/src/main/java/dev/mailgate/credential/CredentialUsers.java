package dev.mailgate.credential;

import java.util.List;
import java.util.UUID;

/**
 * Which accounts sign in with a credential, asked to show whose mail stops when it needs
 * re-authorization. The account feature answers; the credential feature only knows the question, so
 * it does not depend on accounts.
 */
public interface CredentialUsers {

  /**
   * An account signing in with the tokens of an identity at a provider, and the protocol it speaks
   * ({@code IMAP}, {@code POP3}, {@code SMTP}, {@code GRAPH}; null where not told), which says what
   * the token must grant.
   */
  record CredentialUser(UUID accountId, String accountName, String protocol) {

    public CredentialUser(UUID accountId, String accountName) {
      this(accountId, accountName, null);
    }
  }

  List<CredentialUser> accountsUsing(UUID providerId, String identity);
}
