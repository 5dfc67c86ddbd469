package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.account.SignInFailure;
import dev.mailgate.account.SignInUnavailableException;
import dev.mailgate.mail.explain.Refusal;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Why an account's mail waits instead of going out, whatever its transport (ADR 0020): it cannot
 * sign in until someone acts ({@link Held}), its server refused the sign-in ({@link Refused}), or
 * that was lately and its back-off has not passed ({@link BackingOff}). Its mail waits either way;
 * it does not fail, and nothing else is marked.
 */
@Component
class SignInHolds {

  private final MailboxSignIns signIns;
  private final Clock clock;

  SignInHolds(MailboxSignIns signIns, Clock clock) {
    this.signIns = signIns;
    this.clock = clock;
  }

  /** The account cannot sign in until someone acts; the reason says what to do. */
  static final class Held extends RuntimeException {
    Held(String reason) {
      super(reason);
    }

    static Held of(SignInUnavailableException e) {
      String reason = e.getMessage();
      return new Held(
          Character.toUpperCase(reason.charAt(0)) + reason.substring(1) + ". " + e.advice());
    }
  }

  /** The server refused the account's sign-in; the refusal is classified and explained. */
  static final class Refused extends RuntimeException {
    private final transient Refusal refusal;

    Refused(Refusal refusal) {
      super(refusal.reply());
      this.refusal = refusal;
    }

    Refusal refusal() {
      return refusal;
    }
  }

  /** The account's server refused it lately, and its back-off has not passed yet. */
  static final class BackingOff extends RuntimeException {
    private final transient SignInFailure failure;

    BackingOff(SignInFailure failure) {
      super(failure.reply());
      this.failure = failure;
    }

    SignInFailure failure() {
      return failure;
    }
  }

  /**
   * The account's current streak of refusals, if any.
   *
   * @throws BackingOff when its next sign-in is not due yet
   */
  Optional<SignInFailure> dueOrBackingOff(EmailAccount account) {
    Optional<SignInFailure> failing = signIns.failure(account.id());
    if (failing.isPresent() && failing.get().retryAt().isAfter(clock.instant())) {
      throw new BackingOff(failing.get());
    }
    return failing;
  }

  /** A sign-in worked: a streak of refusals, if there was one, is over. */
  void signedIn(EmailAccount account, Optional<SignInFailure> streak) {
    if (streak.isPresent()) {
      signIns.signedIn(account.id());
    }
  }
}
