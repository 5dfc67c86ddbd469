package dev.mailgate.credential;

/** Why a refresh was asked for; it decides whether, once the lock is held, one is still needed. */
enum RefreshTrigger {
  /** A caller needs a token and the stored one is too close to expiry. */
  ON_DEMAND("on_demand"),
  /** A server refused the token: refresh unless someone already replaced it. */
  REJECTED("rejected"),
  /** The refresh job found the credential due. */
  JOB("job"),
  /** An admin clicked "Refresh now": always refresh. */
  MANUAL("manual");

  private final String tag;

  RefreshTrigger(String tag) {
    this.tag = tag;
  }

  /** The value of the {@code trigger} metric tag. */
  String tag() {
    return tag;
  }
}
