package dev.mailgate.security.apitoken;

/** A token just created: the only moment its secret exists outside the caller's hands. */
public record IssuedApiToken(ApiToken token, String secret) {

  @Override
  public String toString() {
    return "IssuedApiToken[token=" + token + ", secret=[hidden]]";
  }
}
