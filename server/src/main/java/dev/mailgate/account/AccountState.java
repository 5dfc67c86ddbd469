package dev.mailgate.account;

import java.util.List;

/**
 * Where an account stands, in words an admin acts on: "not authorized", "authorized as X until T",
 * "needs re-authorization because …", "disabled".
 *
 * @param sharedWith the other accounts that use the same authorization (same provider, same
 *     authorizing identity): authorizing or deauthorizing one affects them all
 */
public record AccountState(Kind kind, String words, List<String> sharedWith) {

  public enum Kind {
    DISABLED,
    PASSWORD,
    NO_PASSWORD,
    APP_ONLY,
    NOT_AUTHORIZED,
    AUTHORIZED,
    NEEDS_REAUTHORIZATION
  }

  /** Whether the account can connect as far as its sign-in goes. */
  public boolean ready() {
    return kind == Kind.PASSWORD || kind == Kind.APP_ONLY || kind == Kind.AUTHORIZED;
  }
}
