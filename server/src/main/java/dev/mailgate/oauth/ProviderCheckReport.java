package dev.mailgate.oauth;

import java.util.List;
import java.util.UUID;

/** The outcome of testing a provider: every step, and whether all of them passed. */
public record ProviderCheckReport(UUID providerId, String providerName, List<CheckStep> steps) {

  public boolean ok() {
    return steps.stream().allMatch(CheckStep::ok);
  }
}
