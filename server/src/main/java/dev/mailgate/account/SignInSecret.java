package dev.mailgate.account;

import dev.mailgate.credential.AccessToken;

/**
 * What one sign-in sends, as {@link MailboxSignIns} hands it to a transport: the account's
 * password, or an access token (delegated or app-only). {@code toString} never shows the secret.
 */
public sealed interface SignInSecret {

  /** The login name the server is given. */
  String user();

  record Password(String user, String password) implements SignInSecret {
    @Override
    public String toString() {
      return "Password[user=" + user + "]";
    }
  }

  record Token(String user, AccessToken token) implements SignInSecret {
    @Override
    public String toString() {
      return "Token[user=" + user + "]";
    }
  }
}
