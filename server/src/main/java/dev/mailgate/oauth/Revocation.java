package dev.mailgate.oauth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a provider answered when Mailgate asked it to revoke (RFC 7009) an authorization's tokens,
 * one answer per token, and what that means for the admin. A provider may refuse to revoke access
 * tokens ({@code unsupported_token_type}, RFC 7009 section 2.2.1) while revoking refresh tokens;
 * revoking the refresh token ends the authorization and may (section 2.1: "SHOULD") end its access
 * tokens too, so that refusal is not a failed deauthorization, but the last access token may work
 * until it expires and the admin is told so.
 *
 * @param refreshToken the refresh token's outcome
 * @param accessToken the access token's outcome
 * @param accessTokenExpiresAt when the access token expires by itself; null if unknown
 */
public record Revocation(Token refreshToken, Token accessToken, Instant accessTokenExpiresAt) {

  /** How one token's revocation went. */
  public enum Outcome {
    /** The provider confirmed (HTTP 200). */
    REVOKED,
    /** The provider does not revoke this type of token ({@code unsupported_token_type}). */
    UNSUPPORTED_TOKEN_TYPE,
    /** The provider refused with another error (e.g. {@code invalid_client}). */
    REFUSED,
    /** No answer: a server error, a timeout, the network. */
    UNANSWERED,
    /** The provider has no revocation endpoint: nothing was asked. */
    NO_ENDPOINT,
    /** There was no such token to revoke. */
    NO_TOKEN
  }

  /**
   * One token's outcome.
   *
   * @param answer the provider's answer in its words when it was not a plain success; else null
   */
  public record Token(Outcome outcome, String answer) {

    public static Token of(Outcome outcome) {
      return new Token(outcome, null);
    }

    boolean revoked() {
      return outcome == Outcome.REVOKED;
    }

    Map<String, Object> described() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("outcome", outcome.name());
      map.put("providerAnswer", answer);
      return map;
    }
  }

  /**
   * Whether the authorization is ended at the provider: its refresh token was revoked (or, without
   * one, its access token). What the access token's own answer was is in {@link #accessToken()}.
   */
  public boolean revoked() {
    return refreshToken.outcome() == Outcome.NO_TOKEN
        ? accessToken.revoked()
        : refreshToken.revoked();
  }

  /** Both tokens that existed were revoked. */
  public boolean fullyRevoked() {
    return (refreshToken.revoked() || refreshToken.outcome() == Outcome.NO_TOKEN)
        && (accessToken.revoked() || accessToken.outcome() == Outcome.NO_TOKEN)
        && revoked();
  }

  /** What was revoked, what was not, and what that means, in a few sentences. */
  public String summary() {
    if (refreshToken.outcome() == Outcome.NO_ENDPOINT) {
      return "The provider has no revocation endpoint, so nothing was revoked there: the"
          + " authorization stands at the provider until its consent is withdrawn there, and the"
          + " last access token works until it expires"
          + until()
          + ".";
    }
    StringBuilder text = new StringBuilder();
    switch (refreshToken.outcome()) {
      case REVOKED ->
          text.append(
              "The provider revoked the refresh token: this authorization has ended there.");
      case NO_TOKEN -> {}
      default ->
          text.append("The provider did not revoke the refresh token (")
              .append(answer(refreshToken))
              .append(
                  "): the authorization may still stand at the provider; withdraw the"
                      + " application's consent there to end it.");
    }
    if (text.length() > 0) {
      text.append(' ');
    }
    switch (accessToken.outcome()) {
      case REVOKED -> text.append("It revoked the access token too.");
      case UNSUPPORTED_TOKEN_TYPE ->
          text.append("It does not revoke access tokens (it answered unsupported_token_type)")
              .append(
                  refreshToken.revoked()
                      ? ": revoking the refresh token may have ended the access token as well"
                          + " (RFC 7009 section 2.1), else it works until it expires"
                      : ": the access token works until it expires")
              .append(until())
              .append('.');
      case NO_TOKEN -> {}
      default ->
          text.append("It did not revoke the access token (")
              .append(answer(accessToken))
              .append("): it may work until it expires")
              .append(until())
              .append('.');
    }
    return text.toString().strip();
  }

  /** The outcomes for an event's details or a REST answer. */
  public Map<String, Object> described() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("revoked", revoked());
    map.put("refreshToken", refreshToken.described());
    map.put("accessToken", accessToken.described());
    map.put("summary", summary());
    return map;
  }

  private String until() {
    return accessTokenExpiresAt == null ? "" : " (at " + accessTokenExpiresAt + ")";
  }

  private static String answer(Token token) {
    if (token.answer() != null && !token.answer().isBlank()) {
      return token.answer().endsWith(".")
          ? token.answer().substring(0, token.answer().length() - 1)
          : token.answer();
    }
    return switch (token.outcome()) {
      case UNANSWERED -> "the provider did not answer";
      case UNSUPPORTED_TOKEN_TYPE -> "unsupported_token_type";
      default -> "refused";
    };
  }
}
