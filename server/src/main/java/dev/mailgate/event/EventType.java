package dev.mailgate.event;

/** What an entry of the event log records. */
public enum EventType {
  /** An admin authorized (or re-authorized) an identity; tokens were stored. */
  AUTHORIZED,
  /** An authorization ended without tokens: refused by the provider, wrong identity, expired. */
  AUTHORIZATION_REFUSED,
  /** An admin deauthorized an identity; its tokens were revoked where possible and forgotten. */
  DEAUTHORIZED,
  /** A token refresh failed for a reason that may pass; the first of a streak is recorded. */
  REFRESH_FAILED,
  /** A token refresh succeeded after failures. */
  REFRESH_RECOVERED,
  /** A mail server refused a token Mailgate believed valid; one refresh and retry follow. */
  TOKEN_REJECTED,
  /**
   * A mail server refused an account's sign-in for good (a fresh token too, or a refusal no token
   * changes): that account fails sign-in and backs off; the credential is not marked. The first of
   * a streak is recorded, with the refusal's kind and explanation.
   */
  SIGN_IN_REFUSED,
  /** Only a new authorization helps; the summary says why in the provider's or server's words. */
  NEEDS_REAUTHORIZATION,
  ACCOUNT_CREATED,
  ACCOUNT_UPDATED,
  ACCOUNT_DELETED,
  PROVIDER_CREATED,
  PROVIDER_UPDATED,
  PROVIDER_DELETED,
  /** A URL a provider's client secret or tokens are sent to changed (with the secret again). */
  PROVIDER_ENDPOINTS_CHANGED,
  /**
   * A provider's client secret or certificate reached a warning step before it expires (30, 14, 7,
   * 1 days ahead) or expired; once per step.
   */
  PROVIDER_CREDENTIAL_EXPIRING,
  /** The server of an account with a stored password moved (with the password again). */
  ACCOUNT_SERVER_CHANGED,
  ADMIN_LOGIN,
  /** Written before the sign-in throttle; kept so that older rows still read. */
  ADMIN_LOGIN_FAILED,
  /** Too many wrong sign-ins for a user name or from an address: locked for a while, once. */
  SIGN_IN_LOCKED,
  API_TOKEN_CREATED,
  API_TOKEN_REVOKED,
  MASTER_KEY_ROTATED,
  /** A reader that worked failed (the first of a streak). */
  READER_FAILED,
  /** A reader read again after failing or being stopped. */
  READER_RECOVERED,
  /** A reader stopped because the account's authorization needs renewing. */
  READER_STOPPED,
  /** A message could not be sent and will not be retried. */
  SEND_FAILED
}
