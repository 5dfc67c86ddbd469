package dev.mailgate.mail.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.mail.explain.Explanations.SignIn;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The explanations table against the providers' and servers' own error texts, as Microsoft Entra
 * ID, Google, Exchange Online and Gmail send them (from their documentation and real replies).
 */
class ExplanationsTest {

  static Stream<Arguments> realErrors() {
    return Stream.of(
        Arguments.of(
            "invalid_grant: AADSTS70008: The provided authorization code or refresh token has"
                + " expired due to inactivity. Send a new interactive authorization request for"
                + " this user and resource. Trace ID: 0f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b"
                + " Correlation ID: 5a6b7c8d-9e0f-4a1b-2c3d-4e5f6a7b8c9d Timestamp: 2024-05-02"
                + " 10:11:12Z",
            SignIn.ANY,
            "MICROSOFT_GRANT_EXPIRED"),
        Arguments.of(
            "invalid_grant: AADSTS700082: The refresh token has expired due to inactivity. The"
                + " token was issued on 2023-11-02T09:10:11.1234567Z and was inactive for"
                + " 90.00:00:00.",
            SignIn.ANY,
            "MICROSOFT_GRANT_EXPIRED"),
        Arguments.of(
            "invalid_grant: AADSTS70000: The request was denied because one or more scopes"
                + " requested are unauthorized or expired. The user must first sign in and grant"
                + " the client application access to the requested scope.",
            SignIn.ANY,
            "MICROSOFT_GRANT_EXPIRED"),
        Arguments.of(
            "invalid_grant: AADSTS65001: The user or administrator has not consented to use the"
                + " application with ID '3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b' named 'Mailgate'."
                + " Send an interactive authorization request for this user and resource.",
            SignIn.ANY,
            "MICROSOFT_CONSENT_MISSING"),
        Arguments.of(
            "invalid_grant: AADSTS50076: Due to a configuration change made by your"
                + " administrator, or because you moved to a new location, you must use"
                + " multi-factor authentication to access"
                + " '00000002-0000-0ff1-ce00-000000000000'.",
            SignIn.ANY,
            "MICROSOFT_MFA_REQUIRED"),
        Arguments.of(
            "invalid_client: AADSTS7000215: Invalid client secret provided. Ensure the secret"
                + " being sent in the request is the client secret value, not the client secret"
                + " ID, for a secret added to app '3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b'.",
            SignIn.ANY,
            "MICROSOFT_CLIENT_SECRET_INVALID"),
        Arguments.of(
            "invalid_client: AADSTS7000222: The provided client secret keys for app"
                + " '3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b' are expired. Visit the Azure portal to"
                + " create new keys for your app.",
            SignIn.ANY,
            "MICROSOFT_CLIENT_SECRET_EXPIRED"),
        Arguments.of(
            "invalid_client: AADSTS700027: Client assertion contains an invalid signature."
                + " [Reason - The key was not found., Thumbprint of key used by client:"
                + " 'q0V8eC1p2m']",
            SignIn.ANY,
            "MICROSOFT_CLIENT_ASSERTION_REFUSED"),
        Arguments.of(
            "invalid_grant: Token has been expired or revoked.",
            SignIn.ANY,
            "GOOGLE_GRANT_EXPIRED_OR_REVOKED"),
        Arguments.of("invalid_grant: Bad Request", SignIn.ANY, "GRANT_REVOKED"),
        Arguments.of(
            "invalid_client: The OAuth client was not found.", SignIn.ANY, "CLIENT_REFUSED"),
        Arguments.of(
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for"
                + " the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information."
                + " [DB8PR09CA0123.eurprd09.prod.outlook.com 2024-05-02T10:11:12.345Z"
                + " 08DC6A1B2C3D4E5F]",
            SignIn.OAUTH,
            "MICROSOFT_SMTP_AUTH_DISABLED"),
        Arguments.of(
            "535 5.7.139 Authentication unsuccessful, the user credentials were incorrect."
                + " [AM0PR02CA0012.eurprd02.prod.outlook.com]",
            SignIn.PASSWORD,
            "MICROSOFT_SMTP_AUTH_DISABLED"),
        Arguments.of("A1 NO AUTHENTICATE failed.", SignIn.OAUTH, "TOKEN_REFUSED_BY_MAIL_SERVER"),
        Arguments.of("A1 NO AUTHENTICATE failed.", SignIn.PASSWORD, "PASSWORD_REFUSED"),
        Arguments.of(
            "535 5.7.3 Authentication unsuccessful [LO4P123CA0456.GBRP123.PROD.OUTLOOK.COM]",
            SignIn.OAUTH,
            "TOKEN_REFUSED_BY_MAIL_SERVER"),
        Arguments.of(
            "334 eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIG1hYyIsInNjb3BlIjoiaHR0cHM6Ly9tYWlsLmdvb2dsZS5jb20vIn0K",
            SignIn.OAUTH,
            "GOOGLE_TOKEN_REFUSED"),
        Arguments.of(
            "A1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)",
            SignIn.PASSWORD,
            "PASSWORD_REFUSED"),
        Arguments.of(
            "535-5.7.8 Username and Password not accepted. For more information, go to\n"
                + "535 5.7.8  https://support.google.com/mail/?p=BadCredentials"
                + " a1-20020a170906a1a100b00a1b2c3d4e5sm1234567ejb.12 - gsmtp",
            SignIn.PASSWORD,
            "PASSWORD_REFUSED"),
        Arguments.of(
            "534-5.7.9 Application-specific password required. For more information, go to\n"
                + "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor - gsmtp",
            SignIn.PASSWORD,
            "GOOGLE_PASSWORD_NOT_ALLOWED"),
        Arguments.of(
            "cannot connect to localhost:45123 (IMAP): Couldn't connect to host, port:"
                + " localhost, 45123; timeout -1",
            SignIn.ANY,
            "SERVER_UNREACHABLE"),
        Arguments.of(
            "invalid_grant: AADSTS53003: Access has been blocked by Conditional Access policies."
                + " The access policy does not allow token issuance. Trace ID: 0f1e",
            SignIn.ANY,
            "MICROSOFT_CONDITIONAL_ACCESS_BLOCKED"),
        Arguments.of(
            "invalid_grant: AADSTS70043: The refresh token has expired or is invalid due to"
                + " sign-in frequency checks by conditional access.",
            SignIn.ANY,
            "MICROSOFT_SIGN_IN_FREQUENCY"),
        Arguments.of(
            "AADSTS50020: User account 'ann@outlook.com' from identity provider 'live.com' does"
                + " not exist in tenant 'Contoso' and cannot access the application",
            SignIn.ANY,
            "MICROSOFT_ACCOUNT_TYPE_MISMATCH"),
        Arguments.of(
            "AADSTS500200: User account 'ann@outlook.com' is a personal Microsoft account."
                + " Personal Microsoft accounts are not supported for this application unless"
                + " explicitly invited to an organization.",
            SignIn.ANY,
            "MICROSOFT_ACCOUNT_TYPE_MISMATCH"),
        Arguments.of(
            "unauthorized_client: AADSTS700016: Application with identifier"
                + " '0b5c0b5c-0000-4000-8000-000000000001' was not found in the directory"
                + " 'Contoso'.",
            SignIn.ANY,
            "MICROSOFT_APP_NOT_IN_TENANT"),
        Arguments.of(
            "AADSTS90072: User account 'bob@fabrikam.com' from identity provider"
                + " 'https://sts.windows.net/72f988bf/' does not exist in tenant 'Contoso'",
            SignIn.ANY,
            "MICROSOFT_GUEST_NOT_IN_TENANT"),
        Arguments.of(
            "454 4.7.0 Too many login attempts, please try again later. a1sm1.12 - gsmtp",
            SignIn.OAUTH,
            "GOOGLE_TOO_MANY_SIGN_INS"),
        Arguments.of(
            "432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded"
                + " [Hostname=AM0PR01MB1234.eurprd01.prod.exchangelabs.com]",
            SignIn.OAUTH,
            "MICROSOFT_TOO_MANY_CONNECTIONS"),
        Arguments.of(
            "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to"
                + " process message due to a permanent exception with message Cannot submit"
                + " message.",
            SignIn.OAUTH,
            "MICROSOFT_SENDING_LIMIT"),
        Arguments.of(
            "550-5.4.5 Daily user sending limit exceeded. For more information on Gmail\n"
                + "550 5.4.5  https://support.google.com/a/answer/166852 a1sm1.12 - gsmtp",
            SignIn.OAUTH,
            "GOOGLE_SENDING_LIMIT"),
        Arguments.of(
            "421-4.7.0 Try again later, closing connection. (MAIL) a1sm1.12 - gsmtp",
            SignIn.OAUTH,
            "SENDING_RATE_LIMIT"),
        // Microsoft Graph's error codes (learn.microsoft.com/graph/errors), as GraphException
        // words an answer: "Microsoft Graph: HTTP <status> <code>: <message>"
        Arguments.of(
            "Microsoft Graph: HTTP 403 ErrorSendAsDenied: The user account which was used to submit"
                + " this request does not have the right to send mail on behalf of the specified"
                + " sending account.",
            SignIn.OAUTH,
            "GRAPH_SEND_AS_DENIED"),
        Arguments.of(
            "Microsoft Graph: HTTP 404 MailboxNotEnabledForRESTAPI: The mailbox is either inactive,"
                + " soft-deleted, or is hosted on-premise.",
            SignIn.OAUTH,
            "GRAPH_MAILBOX_NOT_ENABLED"),
        Arguments.of(
            "Microsoft Graph: HTTP 403 ErrorAccessDenied: Access to OData is disabled.",
            SignIn.APP_ONLY,
            "GRAPH_APP_ACCESS_DENIED"),
        Arguments.of(
            "Microsoft Graph: HTTP 403 ErrorAccessDenied: Access is denied. Check credentials and"
                + " try again.",
            SignIn.OAUTH,
            "GRAPH_ACCESS_DENIED"),
        Arguments.of(
            "Microsoft Graph: HTTP 404 ErrorInvalidUser: The requested user"
                + " 'nobody@contoso.com' is invalid.",
            SignIn.APP_ONLY,
            "GRAPH_MAILBOX_NOT_FOUND"),
        Arguments.of(
            "Microsoft Graph: HTTP 401 InvalidAuthenticationToken: Access token validation"
                + " failure. Invalid audience.",
            SignIn.OAUTH,
            "GRAPH_TOKEN_REFUSED"),
        Arguments.of(
            "Microsoft Graph: HTTP 413 RequestEntityTooLarge: The request is larger than 4 MB.",
            SignIn.OAUTH,
            "GRAPH_MESSAGE_TOO_LARGE"),
        Arguments.of(
            "java.net.ConnectException: Connection refused", SignIn.ANY, "SERVER_UNREACHABLE"),
        Arguments.of(
            "PKIX path building failed: sun.security.provider.certpath."
                + "SunCertPathBuilderException: unable to find valid certification path to"
                + " requested target",
            SignIn.ANY,
            "TLS_NOT_TRUSTED"));
  }

  @ParameterizedTest(name = "{2}: {0}")
  @MethodSource("realErrors")
  void aKnownErrorIsExplainedWithWhatToDo(String error, SignIn signIn, String code) {
    Explanation explanation = Explanations.explain(error, signIn).orElseThrow();

    assertThat(explanation.code()).isEqualTo(code);
    assertThat(explanation.meaning()).isNotBlank();
    assertThat(explanation.action()).isNotBlank();
  }

  @Test
  void theSameRefusalReadsDifferentlyForATokenAndForAPassword() {
    String refusal = "A1 NO AUTHENTICATE failed.";

    assertThat(Explanations.explain(refusal, SignIn.OAUTH).orElseThrow().action())
        .contains("authorized by the mailbox's own identity");
    assertThat(Explanations.explain(refusal, SignIn.PASSWORD).orElseThrow().action())
        .contains("password");
  }

  @Test
  void theSmtpAuthDisabledAdviceNamesThePowerShellSwitch() {
    assertThat(
            Explanations.explain(
                    "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled"
                        + " for the Tenant.")
                .orElseThrow()
                .action())
        .contains("SmtpClientAuthenticationDisabled $false");
  }

  @Test
  void theGoogleTestingModeExpiryIsNamed() {
    assertThat(
            Explanations.explain("invalid_grant: Token has been expired or revoked.")
                .orElseThrow()
                .meaning())
        .contains("7 days");
  }

  @Test
  void anUnknownErrorHasNoExplanation() {
    assertThat(Explanations.explain("451 4.3.0 Mail server temporarily rejected message."))
        .isEmpty();
    assertThat(Explanations.explain(null)).isEmpty();
  }
}
