package dev.mailgate.credential;

/**
 * Where a connection's access tokens come from: a delegated credential ({@link
 * AccessTokens#source}) or the app-only cache of a client ({@link ClientCredentialsTokens#source},
 * e.g. {@code https://graph.microsoft.com/.default} for Microsoft Graph). Used through {@link
 * TokenRetry}.
 */
public interface TokenSource {

  /** A token valid for at least the refresh margin, refreshed first if needed. */
  AccessToken current();

  /**
   * A server refused {@code rejected} although it looked valid: a token at least as new as one
   * replacing it, for one retry. Never marks anything: what a server refuses is that server's and
   * that account's verdict, not the token endpoint's.
   */
  AccessToken replace(String rejected, String serverReply);
}
