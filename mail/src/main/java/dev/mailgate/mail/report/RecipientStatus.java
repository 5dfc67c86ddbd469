package dev.mailgate.mail.report;

import java.util.Locale;

/**
 * What a delivery status notification says about one recipient (RFC 3464 section 2.3).
 *
 * @param recipient the address the report is about: its Original-Recipient when given (the address
 *     the sender used), else its Final-Recipient; never null
 * @param finalRecipient the Final-Recipient address, which forwarding may have changed
 * @param action {@code failed}, {@code delayed}, {@code delivered}, {@code relayed} or {@code
 *     expanded}, lower case
 * @param status the enhanced status code ({@code 5.1.1}, RFC 3463), or null when the report gives
 *     none
 * @param diagnostic the remote server's reply without its type ({@code 550 5.1.1 User unknown}), or
 *     null
 * @param remoteMta the server that gave the reply, or null
 */
public record RecipientStatus(
    String recipient,
    String finalRecipient,
    String action,
    String status,
    String diagnostic,
    String remoteMta) {

  /** The report says the message will not reach this recipient. */
  public boolean failed() {
    return "failed".equals(action);
  }

  /** The report says delivery is still being tried. */
  public boolean delayed() {
    return "delayed".equals(action);
  }

  /** A recipient for whom only the status code is known, lower-cased action. */
  static RecipientStatus of(
      String recipient,
      String finalRecipient,
      String action,
      String status,
      String diagnostic,
      String remoteMta) {
    return new RecipientStatus(
        recipient,
        finalRecipient,
        action == null ? null : action.strip().toLowerCase(Locale.ROOT),
        status,
        diagnostic,
        remoteMta);
  }
}
