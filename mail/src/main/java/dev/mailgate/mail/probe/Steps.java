package dev.mailgate.mail.probe;

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
  private final List<ProbeStep> steps = new ArrayList<>();
  private String current = "Connection";

  Steps(Clock clock) {
    this.clock = clock;
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

  /** Runs a step; returns its exchange, or null (recorded as failed) when the server said no. */
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
            exchange.ok() ? null : advice));
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

  ProbeReport report() {
    return new ProbeReport(List.copyOf(steps));
  }
}
