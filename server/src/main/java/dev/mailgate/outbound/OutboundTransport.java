package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.mail.send.RecipientResult;
import java.util.List;

/**
 * How one kind of account hands mail over (ADR 0026): open a signed-in connection for the account,
 * send raw MIME to its envelope recipients, close. SMTP ({@link SmtpLogins}) and Microsoft Graph
 * ({@link GraphSending}) fill it in; everything else about sending (store then send, claims,
 * retries, holds, unknown outcomes, crash rules) is the outbox's and the same for both.
 */
interface OutboundTransport {

  /**
   * A connection signed in as {@link dev.mailgate.account.MailboxSignIns} says.
   *
   * @throws SignInHolds.Held when the account cannot sign in until someone acts
   * @throws SignInHolds.Refused when the server refused the sign-in
   * @throws SignInHolds.BackingOff when it refused lately and the next sign-in is not due yet
   */
  Connection open(EmailAccount account);

  /** One signed-in connection of an account; several messages may go over it in turn. */
  interface Connection extends AutoCloseable {

    /**
     * Hands one message over to these envelope recipients.
     *
     * @return each recipient's result when the server took the message for at least one of them
     * @throws SendFailure when it was not taken for anyone: permanent, temporary or unknown
     * @throws SignInHolds.Refused when the server refused the account's sign-in meanwhile
     */
    List<RecipientResult> send(List<String> recipients, byte[] raw);

    /** Whether the next message may go over this connection (false after a failed transaction). */
    boolean usable();

    /** Whether the server still answers, for a connection that sat idle. */
    boolean answers();

    @Override
    void close();
  }
}
