package dev.mailgate.oauth;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of testing a provider: every step, and whether all of them passed.
 *
 * @param ok whether every step passed
 */
public record ProviderCheckReport(
    UUID providerId, String providerName, boolean ok, List<CheckStep> steps) {

  static ProviderCheckReport of(UUID providerId, String providerName, List<CheckStep> steps) {
    return new ProviderCheckReport(
        providerId, providerName, steps.stream().allMatch(CheckStep::ok), List.copyOf(steps));
  }
}
