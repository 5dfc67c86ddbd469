package dev.mailgate.authorization;

/** The query parameters a provider sends to {@code /oauth_redirect.do}. */
public record CallbackParameters(
    String code, String state, String iss, String error, String errorDescription) {

  @Override
  public String toString() {
    return "CallbackParameters[code="
        + (code == null ? "none" : "[hidden]")
        + ", error="
        + error
        + "]";
  }
}
