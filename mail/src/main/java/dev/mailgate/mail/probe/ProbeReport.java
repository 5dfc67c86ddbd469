package dev.mailgate.mail.probe;

import java.util.List;

/** The steps of a connection test, in order; the test stops at the first failed step. */
public record ProbeReport(List<ProbeStep> steps) {

  public boolean ok() {
    return !steps.isEmpty() && steps.stream().allMatch(ProbeStep::ok);
  }

  /** The failed step, if any. */
  public java.util.Optional<ProbeStep> failure() {
    return steps.stream().filter(step -> !step.ok()).findFirst();
  }
}
