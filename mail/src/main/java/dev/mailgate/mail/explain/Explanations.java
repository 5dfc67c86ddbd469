package dev.mailgate.mail.explain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one table of known provider and mail server errors, each translated into what it means and
 * what to do. The connection test, the token refresher, the readers, the sender and the diagnostics
 * page all explain through it, so an error reads the same wherever it shows.
 *
 * <p>Entries are matched in order against the error text (and the text inside a base64 challenge,
 * such as Gmail's XOAUTH2 JSON), case-insensitively; specific codes come before general phrases.
 * The texts matched are the providers' own: Microsoft Entra ID's AADSTS codes
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes), RFC 6749 §5.2 error
 * codes as Google sends them, and the SMTP / IMAP / POP3 replies of Exchange Online and Gmail.
 */
public final class Explanations {

  /** How the connection that failed signed in; the same refusal means different things. */
  public enum SignIn {
    PASSWORD,
    OAUTH,
    /**
     * An app-only token (client credentials): the entries for OAuth apply, and a refused token
     * means the application has no permission on the mailbox.
     */
    APP_ONLY,
    /** Not known, or not a mail server sign-in (a token endpoint call). */
    ANY
  }

  private record Entry(SignIn signIn, List<String> phrases, Explanation explanation) {

    boolean matches(String text, SignIn used) {
      boolean applies =
          signIn == SignIn.ANY
              || signIn == used
              || (signIn == SignIn.OAUTH && used == SignIn.APP_ONLY);
      return applies && phrases.stream().anyMatch(text::contains);
    }
  }

  /** How IMAP, POP3 and SMTP servers (Exchange Online, Gmail, GreenMail) refuse a sign-in. */
  private static final List<String> SIGN_IN_REFUSED =
      List.of(
          "authenticate failed",
          "authenticationfailed",
          "authentication unsuccessful",
          "authentication failed",
          "invalid credentials",
          "5.7.3",
          "5.7.8");

  private static final String AUTHORIZE_AGAIN =
      "Authorize the account again (Accounts > the account > Authorize).";

  private static final List<Entry> TABLE =
      List.of(
          // Microsoft Entra ID (AADSTS codes), from the token endpoint
          new Entry(
              SignIn.ANY,
              List.of("aadsts7000222"),
              new Explanation(
                  "MICROSOFT_CLIENT_SECRET_EXPIRED",
                  "Microsoft refused Mailgate's client secret because it has expired"
                      + " (AADSTS7000222): Entra ID client secrets live at most 24 months.",
                  "Renew it: in Entra ID open App registrations > the app > Certificates &"
                      + " secrets > Client secrets > New client secret, copy its Value (not its"
                      + " Secret ID), enter it with its new expiry date in the provider's"
                      + " settings in Mailgate (Providers > the provider), then delete the expired"
                      + " secret. Or switch the provider to certificate authentication. The"
                      + " mailboxes need no new authorization.")),
          new Entry(
              SignIn.ANY,
              List.of("aadsts7000215"),
              new Explanation(
                  "MICROSOFT_CLIENT_SECRET_INVALID",
                  "Microsoft refused Mailgate's client secret: it is wrong (often the secret's ID"
                      + " was entered instead of its value) or it has expired.",
                  "Create a new client secret in Entra ID (App registrations > Certificates &"
                      + " secrets), enter its Value in the provider's settings in Mailgate. The"
                      + " mailboxes need no new authorization.")),
          new Entry(
              SignIn.ANY,
              List.of("aadsts700027", "aadsts700024", "aadsts700023"),
              new Explanation(
                  "MICROSOFT_CLIENT_ASSERTION_REFUSED",
                  "Microsoft did not accept the client assertion Mailgate signed with the"
                      + " provider's certificate: the certificate is not uploaded to the app"
                      + " registration (or another one is), it expired there, or this server's"
                      + " clock is off.",
                  "Download the certificate from the provider's page in Mailgate (Providers > the"
                      + " provider > Certificate) and upload it in Entra ID (App registrations >"
                      + " the app > Certificates & secrets > Certificates > Upload certificate);"
                      + " the thumbprint Entra ID lists must be the one Mailgate shows. Check"
                      + " this server's clock too. The mailboxes need no new authorization.")),
          new Entry(
              SignIn.ANY,
              List.of("aadsts65001"),
              new Explanation(
                  "MICROSOFT_CONSENT_MISSING",
                  "Microsoft says neither the user nor an administrator has consented to the"
                      + " permissions Mailgate asks for.",
                  "Ask an administrator to grant admin consent (Entra ID > App registrations >"
                      + " API permissions > Grant admin consent), then "
                      + AUTHORIZE_AGAIN.toLowerCase(Locale.ROOT))),
          new Entry(
              SignIn.ANY,
              List.of("aadsts50076", "aadsts50079", "aadsts50158"),
              new Explanation(
                  "MICROSOFT_MFA_REQUIRED",
                  "Microsoft requires multi-factor authentication (a Conditional Access policy or"
                      + " a new location), which a token refresh cannot do.",
                  AUTHORIZE_AGAIN
                      + " The user completes MFA in the browser; if it recurs, ask the Entra ID"
                      + " administrator to review the Conditional Access policy for this app.")),
          new Entry(
              SignIn.ANY,
              List.of("aadsts700082", "aadsts70008", "aadsts70000", "aadsts50173", "aadsts700084"),
              new Explanation(
                  "MICROSOFT_GRANT_EXPIRED",
                  "Microsoft no longer accepts the refresh token: it expired after a long"
                      + " inactivity, or it was revoked (sign-out everywhere, password change,"
                      + " an administrator revoked the sessions).",
                  AUTHORIZE_AGAIN)),
          // Microsoft Entra ID: who may sign in where (ADR 0030)
          new Entry(
              SignIn.ANY,
              List.of("aadsts53003"),
              new Explanation(
                  "MICROSOFT_CONDITIONAL_ACCESS_BLOCKED",
                  "A Conditional Access policy of the tenant blocked the sign-in (AADSTS53003):"
                      + " the policy does not let Mailgate's app get a token from this user,"
                      + " device or location.",
                  "Ask the Entra ID administrator to open the sign-in in Entra ID > Sign-in logs"
                      + " > Conditional Access, see which policy failed, and exclude Mailgate's"
                      + " app (or this server's location) from it; then "
                      + AUTHORIZE_AGAIN.toLowerCase(Locale.ROOT))),
          new Entry(
              SignIn.ANY,
              List.of("aadsts70043"),
              new Explanation(
                  "MICROSOFT_SIGN_IN_FREQUENCY",
                  "A Conditional Access sign-in frequency policy ended the refresh token"
                      + " (AADSTS70043): the tenant wants the user to sign in again after a set"
                      + " time, which a server cannot do on its own.",
                  AUTHORIZE_AGAIN
                      + " To keep mail flowing without it, ask the Entra ID administrator to"
                      + " exclude Mailgate's app from the sign-in frequency policy.")),
          new Entry(
              SignIn.ANY,
              List.of("aadsts50020", "aadsts500200"),
              new Explanation(
                  "MICROSOFT_ACCOUNT_TYPE_MISMATCH",
                  "The account that signed in cannot use this tenant's app: a personal Microsoft"
                      + " account (Outlook.com, Hotmail) signed in to a work tenant, or a work"
                      + " account of another tenant (AADSTS50020, AADSTS500200).",
                  "Authorize again and choose the mailbox's work or school account. For a"
                      + " personal Outlook.com mailbox, use a Microsoft provider with tenant"
                      + " 'consumers' and an app registration whose supported account types"
                      + " include personal Microsoft accounts.")),
          new Entry(
              SignIn.ANY,
              List.of("aadsts700016"),
              new Explanation(
                  "MICROSOFT_APP_NOT_IN_TENANT",
                  "Microsoft found no application with Mailgate's client id in this tenant"
                      + " (AADSTS700016): the client id is mistyped, the app is registered in"
                      + " another tenant, or it was deleted.",
                  "Copy the Application (client) ID from Entra ID > App registrations > the app"
                      + " > Overview into the provider's settings, and check that the provider's"
                      + " tenant is the one the app is registered in; then "
                      + AUTHORIZE_AGAIN.toLowerCase(Locale.ROOT))),
          new Entry(
              SignIn.ANY,
              List.of("aadsts90072"),
              new Explanation(
                  "MICROSOFT_GUEST_NOT_IN_TENANT",
                  "The account that signed in belongs to another identity provider (another"
                      + " tenant or a personal Microsoft account) and is not a guest of the"
                      + " provider's tenant (AADSTS90072).",
                  "Authorize again with an account of the tenant, or have an Entra ID"
                      + " administrator invite this account as a guest (Entra ID > Users > New"
                      + " user > Invite external user) first.")),
          // Sending limits and throttling (ADR 0030): held until the window reopens, never failed
          new Entry(
              SignIn.ANY,
              List.of("submissionquotaexceeded"),
              new Explanation(
                  "MICROSOFT_SENDING_LIMIT",
                  "Exchange Online refused the message: the mailbox is over its sending limit"
                      + " (10,000 recipients a day, 30 messages a minute).",
                  "Nothing is lost: Mailgate holds the account's mail until the limit's window"
                      + " reopens and sends it then. Lower the account's sending limits if other"
                      + " clients send from the same mailbox.")),
          new Entry(
              SignIn.ANY,
              List.of("550 5.4.5", "550-5.4.5", "daily user sending"),
              new Explanation(
                  "GOOGLE_SENDING_LIMIT",
                  "Gmail refused the message: the mailbox reached its daily sending limit (2,000"
                      + " messages a day for Google Workspace, 500 for consumer Gmail, counted"
                      + " over a rolling 24 hours).",
                  "Nothing is lost: Mailgate holds the account's mail until the limit's window"
                      + " reopens and sends it then. Lower the account's daily limit if other"
                      + " clients send from the same mailbox.")),
          new Entry(
              SignIn.ANY,
              List.of("421 4.7.0", "421-4.7.0", "452 4.5.3", "452-4.5.3"),
              new Explanation(
                  "SENDING_RATE_LIMIT",
                  "The mail server asked Mailgate to slow down: more messages, recipients or"
                      + " connections in a short time than it allows the mailbox.",
                  "Nothing is lost: Mailgate holds the account's mail for a while and goes on."
                      + " Lower the account's messages per minute if it recurs.")),
          new Entry(
              SignIn.ANY,
              List.of("waiting for the account's sending limits"),
              new Explanation(
                  "ACCOUNT_SENDING_LIMIT_REACHED",
                  "Mailgate holds the message itself: the account reached the sending limits set"
                      + " on it (or its provider's defaults), so the provider is not made to"
                      + " throttle it.",
                  "Nothing to do: it goes out when the window reopens. Raise the account's limits"
                      + " (Accounts > the account > Sending limits) only if the provider allows"
                      + " more.")),
          new Entry(
              SignIn.ANY,
              List.of("sender thread limit exceeded"),
              new Explanation(
                  "MICROSOFT_TOO_MANY_CONNECTIONS",
                  "Exchange Online refused the message because the mailbox had too many SMTP"
                      + " connections submitting at once (432 4.3.2; Exchange allows 3).",
                  "Nothing to authorize: the message is tried again. Keep"
                      + " mailgate.outbound.connections-per-account at 3 or less, and check that no"
                      + " other application sends from the same mailbox at the same time.")),
          new Entry(
              SignIn.ANY,
              List.of("too many login attempts"),
              new Explanation(
                  "GOOGLE_TOO_MANY_SIGN_INS",
                  "Gmail refuses sign-ins for a while: there were too many in a short time, from"
                      + " Mailgate or another client of the mailbox (454 4.7.0).",
                  "Nothing to authorize: Mailgate waits with growing pauses. If it recurs, look"
                      + " for another client retrying a failing sign-in in a loop, and lower"
                      + " mailgate.outbound.connections-per-account.")),
          // Google, from the token endpoint
          new Entry(
              SignIn.ANY,
              List.of("token has been expired or revoked"),
              new Explanation(
                  "GOOGLE_GRANT_EXPIRED_OR_REVOKED",
                  "Google no longer accepts the refresh token: the user removed Mailgate's access,"
                      + " changed the password, or the OAuth consent screen is in 'Testing',"
                      + " where Google expires refresh tokens after 7 days.",
                  "If the consent screen is in 'Testing', publish it (Google Cloud > OAuth"
                      + " consent screen > Publish app); then "
                      + AUTHORIZE_AGAIN.toLowerCase(Locale.ROOT))),
          // Any provider, RFC 6749 error codes
          new Entry(
              SignIn.ANY,
              List.of("invalid_grant"),
              new Explanation(
                  "GRANT_REVOKED",
                  "The provider no longer accepts the refresh token (invalid_grant): consent was"
                      + " withdrawn, the token was revoked or it expired.",
                  AUTHORIZE_AGAIN)),
          new Entry(
              SignIn.ANY,
              List.of("invalid_client", "unauthorized_client"),
              new Explanation(
                  "CLIENT_REFUSED",
                  "The provider refused Mailgate's client registration (client id or secret;"
                      + " client secrets expire).",
                  "Check the client id and secret in the provider's settings in Mailgate. The"
                      + " mailboxes need no new authorization.")),
          // Exchange Online SMTP
          new Entry(
              SignIn.ANY,
              List.of("5.7.139", "smtpclientauthentication is disabled"),
              new Explanation(
                  "MICROSOFT_SMTP_AUTH_DISABLED",
                  "Exchange Online has SMTP AUTH (authenticated client submission) switched off"
                      + " for the tenant or the mailbox.",
                  "Enable it for the mailbox (Set-CASMailbox <mailbox>"
                      + " -SmtpClientAuthenticationDisabled $false) or the tenant"
                      + " (Set-TransportConfig -SmtpClientAuthenticationDisabled $false). No"
                      + " new authorization is needed.")),
          // Microsoft Graph (ADR 0026): its error codes, as GraphException words them
          new Entry(
              SignIn.ANY,
              List.of("errorsendasdenied"),
              new Explanation(
                  "GRAPH_SEND_AS_DENIED",
                  "Exchange refused to send the message: the mailbox may not send as the"
                      + " message's From address.",
                  "Send from the mailbox's own address, or give the mailbox Send As permission"
                      + " on that address (Exchange admin center > Recipients > the address >"
                      + " Delegation > Send as). The message is not retried.")),
          new Entry(
              SignIn.ANY,
              List.of("mailboxnotenabledforrestapi"),
              new Explanation(
                  "GRAPH_MAILBOX_NOT_ENABLED",
                  "Microsoft Graph does not serve this mailbox: it is inactive or soft-deleted,"
                      + " hosted on-premises, or its user has no licence that includes Exchange"
                      + " Online.",
                  "Check in the Microsoft 365 admin center that the user has an Exchange Online"
                      + " licence and an active mailbox; an on-premises mailbox is reached over"
                      + " IMAP and SMTP, not Graph.")),
          new Entry(
              SignIn.APP_ONLY,
              List.of("erroraccessdenied"),
              new Explanation(
                  "GRAPH_APP_ACCESS_DENIED",
                  "Microsoft Graph refused the application access to this mailbox: the"
                      + " application permission (Mail.ReadWrite, Mail.Send) has no admin"
                      + " consent, or an application access policy or RBAC for Applications scope"
                      + " leaves this mailbox out.",
                  "Grant admin consent for the application permissions in Entra ID (App"
                      + " registrations > API permissions), and add the mailbox to the"
                      + " application's access policy (New-ApplicationAccessPolicy, check with"
                      + " Test-ApplicationAccessPolicy) or its RBAC for Applications scope."
                      + " Changes can take an hour to apply. There is nothing to authorize.")),
          new Entry(
              SignIn.ANY,
              List.of("erroraccessdenied"),
              new Explanation(
                  "GRAPH_ACCESS_DENIED",
                  "Microsoft Graph refused the signed-in person access: the token lacks the"
                      + " permission (Mail.ReadWrite, Mail.Send), or the mailbox is someone else's"
                      + " and the token has no Mail.ReadWrite.Shared / Mail.Send.Shared or the"
                      + " person no permission on it.",
                  "Check that the profile asks for the Graph permissions (the Microsoft 365"
                      + " 'Graph' profile; .Shared ones for a shared mailbox) and that the"
                      + " mailbox's owner gave the person access, then "
                      + AUTHORIZE_AGAIN.toLowerCase(Locale.ROOT))),
          new Entry(
              SignIn.ANY,
              List.of("errorinvaliduser", "resourcenotfound", "errornonexistentmailbox"),
              new Explanation(
                  "GRAPH_MAILBOX_NOT_FOUND",
                  "Microsoft Graph knows no mailbox by the account's address in this tenant.",
                  "Check the account's address (the user's primary SMTP address or user"
                      + " principal name) and that the provider is the mailbox's tenant.")),
          new Entry(
              SignIn.ANY,
              List.of("invalidauthenticationtoken"),
              new Explanation(
                  "GRAPH_TOKEN_REFUSED",
                  "Microsoft Graph refused the access token although a new one was fetched:"
                      + " it is for another service (its audience is not Graph), or of another"
                      + " tenant.",
                  "Check that the account's profile asks for Graph permissions (Mail.ReadWrite,"
                      + " Mail.Send; app-only https://graph.microsoft.com/.default), not"
                      + " outlook.office.com scopes, then "
                      + AUTHORIZE_AGAIN.toLowerCase(Locale.ROOT))),
          new Entry(
              SignIn.ANY,
              List.of("no graph application permissions"),
              new Explanation(
                  "GRAPH_NO_APPLICATION_PERMISSIONS",
                  "The application's token for Microsoft Graph carries no application permissions"
                      + " (no roles): no administrator has consented to Mail.ReadWrite and"
                      + " Mail.Send for it (what Entra ID calls AADSTS65001 when a person signs"
                      + " in).",
                  "In Entra ID > App registrations > the application > API permissions, add the"
                      + " Microsoft Graph application permissions Mail.ReadWrite and Mail.Send and"
                      + " click Grant admin consent; then Test connection again.")),
          new Entry(
              SignIn.ANY,
              List.of("requestentitytoolarge", "errormessagesizeexceeded"),
              new Explanation(
                  "GRAPH_MESSAGE_TOO_LARGE",
                  "The message is larger than Microsoft Graph takes in one request (4 MB with"
                      + " the message base64-encoded, about 3 MB of MIME).",
                  "Send it through an SMTP account of the mailbox, or make it smaller (large"
                      + " attachments as links). Mailgate refuses such messages for Graph"
                      + " accounts when they are submitted.")),
          // Any mail server: the way of signing in, not the token (RFC 4954 §4, RFC 3463 5.5.x)
          new Entry(
              SignIn.ANY,
              List.of("line too long", "command line too long"),
              new Explanation(
                  "SIGN_IN_LINE_TOO_LONG",
                  "The mail server refused the AUTH command because the line was too long: the"
                      + " access token was sent on the command line itself, which this server"
                      + " does not accept. The token was never checked.",
                  "Mailgate sends the token after the server's 334 prompt when the line would be"
                      + " too long; choose the mechanism OAUTHBEARER or XOAUTH2 for the account"
                      + " if this persists. No new authorization is needed.")),
          new Entry(
              SignIn.ANY,
              List.of(
                  "mechanism not supported",
                  "unrecognized authentication type",
                  "unsupported authentication mechanism",
                  "no authentication mechanisms"),
              new Explanation(
                  "SIGN_IN_MECHANISM_NOT_OFFERED",
                  "The mail server does not offer the SASL mechanism Mailgate signed in with.",
                  "Run Test connection to see the mechanisms the server offers and choose one of"
                      + " them for the account. No new authorization is needed.")),
          // Gmail
          new Entry(
              SignIn.PASSWORD,
              List.of("application-specific password required", "5.7.9"),
              new Explanation(
                  "GOOGLE_PASSWORD_NOT_ALLOWED",
                  "Google does not accept the account password for mail clients.",
                  "Switch the account to OAuth 2.0 with a Google provider (or use an app"
                      + " password where the organisation allows them).")),
          new Entry(
              SignIn.OAUTH,
              List.of("\"status\":\"400\"", "\"status\":\"401\""),
              new Explanation(
                  "GOOGLE_TOKEN_REFUSED",
                  "Gmail refused the OAuth token: it is expired or was issued for another user or"
                      + " without the https://mail.google.com/ scope.",
                  "Check the profile's scope includes https://mail.google.com/, that the account"
                      + " was authorized by the mailbox's own identity, then "
                      + AUTHORIZE_AGAIN.toLowerCase(Locale.ROOT))),
          // A mail server refused an OAuth token (Exchange Online, Gmail, the sandbox)
          new Entry(
              SignIn.OAUTH,
              SIGN_IN_REFUSED,
              new Explanation(
                  "TOKEN_REFUSED_BY_MAIL_SERVER",
                  "The mail server refused the OAuth token although the provider issued it.",
                  "Check that the account was authorized by the mailbox's own identity (or a"
                      + " delegate with access to it), that the profile's scopes cover the"
                      + " protocol, and that the protocol is enabled for the mailbox (Microsoft"
                      + " 365: IMAP/POP/SMTP AUTH per mailbox); then "
                      + AUTHORIZE_AGAIN.toLowerCase(Locale.ROOT))),
          // A mail server refused a password
          new Entry(
              SignIn.PASSWORD,
              Stream.concat(
                      SIGN_IN_REFUSED.stream(),
                      Stream.of(
                          "invalid login", "login failed", "username and password not accepted"))
                  .toList(),
              new Explanation(
                  "PASSWORD_REFUSED",
                  "The mail server refused the user name and password.",
                  "Check the login and password of the account; Microsoft 365 and Google no"
                      + " longer accept passwords: use OAuth 2.0 for those.")),
          // The network
          new Entry(
              SignIn.ANY,
              List.of("unknownhostexception", "does not resolve", "unknown host"),
              new Explanation(
                  "HOST_UNKNOWN",
                  "The mail server's host name does not resolve.",
                  "Check the account's host name for a typo, and this server's DNS.")),
          new Entry(
              SignIn.ANY,
              List.of(
                  "pkix path", "certificate", "sslhandshakeexception", "no subject alternative"),
              new Explanation(
                  "TLS_NOT_TRUSTED",
                  "The TLS handshake with the mail server failed: its certificate is not trusted"
                      + " or does not name the host.",
                  "Check the host name and the connection security (SSL/TLS vs STARTTLS); add the"
                      + " certificate's issuer to mailgate.mail.trust-store if it is a private"
                      + " CA.")),
          new Entry(
              SignIn.ANY,
              List.of(
                  "connection refused",
                  "cannot connect",
                  "couldn't connect",
                  "connect timed out",
                  "read timed out",
                  "connection reset",
                  "no route to host"),
              new Explanation(
                  "SERVER_UNREACHABLE",
                  "The mail server could not be reached: nothing accepted the connection, or it"
                      + " broke off.",
                  "Check the host and port of the account, that the server is up, and that a"
                      + " firewall lets Mailgate reach it. Mailgate keeps retrying with growing"
                      + " pauses.")));

  private static final Explanation APP_ONLY_MAILBOX_REFUSED =
      new Explanation(
          "APP_ONLY_NO_MAILBOX_PERMISSION",
          "The mail server refused the application's own (app-only) token for this mailbox: the"
              + " application has no permission on it.",
          "Microsoft 365: register the application's service principal in Exchange"
              + " (New-ServicePrincipal) and give it access to the mailbox (Add-MailboxPermission"
              + " -AccessRights FullAccess), and check that the profile asks for"
              + " https://outlook.office365.com/.default. There is nothing to authorize.");

  private Explanations() {}

  /**
   * Every explanation of the table, in its order: what a test walks to see each one reach every
   * path a refusal is shown on.
   */
  public static List<Explanation> catalogue() {
    return Stream.concat(
            TABLE.stream().map(Entry::explanation), Stream.of(APP_ONLY_MAILBOX_REFUSED))
        .toList();
  }

  /** A server refused an app-only token although a new one was fetched. */
  static Explanation appOnlyMailboxRefused() {
    return APP_ONLY_MAILBOX_REFUSED;
  }

  /** The explanation of an error text whatever the sign-in, if it is a known one. */
  public static Optional<Explanation> explain(String text) {
    return explain(text, SignIn.ANY);
  }

  /**
   * The explanation of an error text (a provider's error response, a mail server's reply, an
   * exception message), if it is a known one.
   */
  public static Optional<Explanation> explain(String text, SignIn signIn) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String haystack =
        (text + " " + ServerReplies.decodedChallenge(text).orElse("")).toLowerCase(Locale.ROOT);
    return TABLE.stream()
        .filter(entry -> entry.matches(haystack, signIn))
        .map(Entry::explanation)
        .findFirst();
  }
}
