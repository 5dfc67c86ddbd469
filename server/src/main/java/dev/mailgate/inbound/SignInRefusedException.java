package dev.mailgate.inbound;

import dev.mailgate.mail.explain.Refusal;

/**
 * The mailbox server refused the reader's sign-in, for good as far as this pass goes (a fresh token
 * too, or a refusal no new token can change): this account fails and backs off; the credential it
 * may share with other accounts is untouched.
 */
class SignInRefusedException extends RuntimeException {

  private final transient Refusal refusal;

  SignInRefusedException(Refusal refusal) {
    super(refusal.reply());
    this.refusal = refusal;
  }

  Refusal refusal() {
    return refusal;
  }
}
