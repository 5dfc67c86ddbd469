package dev.mailgate.mail.sasl;

/**
 * How an OAuth sign-in was spoken, for Test connection and the logs.
 *
 * @param fellBack the initial response went on the command line first, the server refused that
 *     line, and the two-line form followed
 */
public record OAuthSignIn(
    SaslProtocol protocol, OAuthMechanism mechanism, ResponseForm form, boolean fellBack) {

  /**
   * In words, e.g. "XOAUTH2, two-line (initial response after 334)" or "OAUTHBEARER with SASL-IR".
   */
  public String describe() {
    String how =
        switch (form) {
          case INITIAL_RESPONSE ->
              protocol == SaslProtocol.IMAP
                  ? mechanism + " with SASL-IR"
                  : mechanism + ", initial response on the AUTH line";
          case TWO_LINE ->
              mechanism + ", two-line (initial response after " + protocol.continuation() + ")";
        };
    return fellBack ? how + ", after the server refused the AUTH line" : how;
  }
}
