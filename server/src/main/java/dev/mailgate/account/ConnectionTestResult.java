package dev.mailgate.account;

import dev.mailgate.mail.explain.Refusal;
import dev.mailgate.mail.probe.ProbeReport;
import dev.mailgate.mail.probe.ProbeStep;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Test Connection's answer for one account: every step with its duration, as UI and REST show it.
 *
 * @param refusal when the server refused the sign-in: its kind (token refused, mechanism or
 *     protocol, account policy, server trouble) and explanation, the same the reader or sender
 *     would record (ADR 0020); null when it did not refuse
 */
public record ConnectionTestResult(UUID accountId, boolean ok, List<Step> steps, Refusal refusal) {

  /**
   * @param serverReply what the server said, verbatim
   * @param decodedReply the server's reply decoded (the JSON inside an XOAUTH2 error challenge)
   */
  public record Step(
      String name,
      boolean ok,
      String detail,
      long millis,
      String serverReply,
      String decodedReply,
      String advice) {

    static Step of(ProbeStep step) {
      return new Step(
          step.name(),
          step.ok(),
          step.detail(),
          step.duration().toMillis(),
          step.serverReply(),
          step.decodedReply(),
          step.advice());
    }
  }

  static ConnectionTestResult of(
      UUID accountId, Step credentials, ProbeReport report, Refusal refusal) {
    List<Step> steps = new ArrayList<>();
    steps.add(credentials);
    report.steps().forEach(step -> steps.add(Step.of(step)));
    return new ConnectionTestResult(accountId, report.ok(), List.copyOf(steps), refusal);
  }

  static ConnectionTestResult stoppedAt(UUID accountId, Step credentials) {
    return new ConnectionTestResult(accountId, false, List.of(credentials), null);
  }
}
