package dev.mailgate.mail.probe;

import dev.mailgate.mail.explain.Explanation;
import dev.mailgate.mail.explain.Explanations;
import dev.mailgate.mail.explain.Explanations.SignIn;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records the steps of one connection test with their durations and replies. */
final class Steps {

  interface Action {
    Exchange run() throws IOException;
  }

  private final Clock clock;
  private final SignIn signIn;
  private final List<ProbeStep> steps = new ArrayList<>();
  private String current = "Connection";

  Steps(Clock clock, SignIn signIn) {
    this.clock = clock;
    this.signIn = signIn;
  }

  Instant now() {
    return clock.instant();
  }

  String current() {
    return current;
  }

  boolean run(String name, Action action, String advice) throws IOException {
    return runForResult(name, action, advice) != null;
  }

  /**
   * Runs a step; returns its exchange, or null (recorded as failed) when the server said no. A
   * refusal the explanations table knows gets its advice from there; {@code advice} is for the
   * rest.
   */
  Exchange runForResult(String name, Action action, String advice) throws IOException {
    current = name;
    Instant started = clock.instant();
    Exchange exchange = action.run();
    String reply = exchange.reply();
    String decoded = exchange.ok() ? null : Sasl.decodeChallenge(reply).orElse(null);
    steps.add(
        new ProbeStep(
            name,
            exchange.ok(),
            exchange.detail(),
            Duration.between(started, clock.instant()),
            reply,
            decoded,
            exchange.ok() ? null : explained(reply, advice)));
    return exchange.ok() ? exchange : null;
  }

  void ok(String name, String detail, Instant started) {
    current = name;
    steps.add(
        new ProbeStep(
            name, true, detail, Duration.between(started, clock.instant()), null, null, null));
  }

  void failed(String name, String detail, String reply, String advice, Instant started) {
    steps.add(
        new ProbeStep(
            name,
            false,
            detail,
            Duration.between(started, clock.instant()),
            reply,
            reply == null ? null : Sasl.decodeChallenge(reply).orElse(null),
            advice));
  }

  private String explained(String reply, String advice) {
    return Explanations.explain(reply, signIn).map(Explanation::sentence).orElse(advice);
  }

  ProbeReport report() {
    return new ProbeReport(List.copyOf(steps));
  }
}
