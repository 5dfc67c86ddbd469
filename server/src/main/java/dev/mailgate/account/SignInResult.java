package dev.mailgate.account;

import dev.mailgate.mail.explain.Refusal;

/**
 * What came of signing an account in: the transport's result, and the server's final refusal,
 * classified and explained, when it refused.
 *
 * @param result what the transport's attempt produced (a connection, a probe report, a pass); may
 *     be null when refused
 * @param refusal null when the server accepted the sign-in
 * @param signedInWith how the account signed in, in words for Test connection ("access token of …",
 *     "password of …")
 */
public record SignInResult<T>(T result, Refusal refusal, String signedInWith) {

  public boolean refused() {
    return refusal != null;
  }
}
