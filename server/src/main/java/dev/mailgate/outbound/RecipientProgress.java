package dev.mailgate.outbound;

import dev.mailgate.mail.explain.Refusals;
import dev.mailgate.mail.send.RecipientResult;
import dev.mailgate.outbound.OutboxEntry.RecipientOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where each envelope recipient of a queued message stands across attempts. A recipient the server
 * accepted, or refused for good (5xx), is settled: later attempts leave it out, so nobody gets the
 * message twice. One it refused for now (4xx: "try again later", RFC 5321 4.2.1) is sent to again
 * by the next attempt, alone; so is one refused with the provider's quota reply, whatever its code
 * ({@code 550 5.4.5}, {@code 452 4.5.3}...: {@link Refusals#overTheLimit}), which says the account
 * sent too much, not that the recipient is wrong (ADR 0030).
 */
record RecipientProgress(List<String> recipients, List<RecipientOutcome> outcomes) {

  static RecipientProgress of(OutboxEntry entry) {
    return new RecipientProgress(entry.recipients(), entry.recipientResults());
  }

  /** The recipients the next attempt sends to: every one without a settled outcome. */
  List<String> unsettled() {
    Map<String, RecipientOutcome> byAddress = byAddress(outcomes);
    return recipients.stream()
        .filter(r -> !byAddress.containsKey(r) || unsettled(byAddress.get(r)))
        .toList();
  }

  /** This attempt's results over the earlier outcomes, in the order of the recipients. */
  RecipientProgress after(List<RecipientResult> results) {
    Map<String, RecipientOutcome> byAddress = byAddress(outcomes);
    for (RecipientResult r : results) {
      byAddress.put(r.address(), new RecipientOutcome(r.address(), r.accepted(), r.reply()));
    }
    return new RecipientProgress(
        recipients,
        recipients.stream().filter(byAddress::containsKey).map(byAddress::get).toList());
  }

  /** The recipients to be tried again: refused for now, or over the provider's limit. */
  List<RecipientOutcome> waiting() {
    return outcomes.stream().filter(RecipientProgress::unsettled).toList();
  }

  /** The recipients refused with the provider's quota reply: they wait for its window. */
  List<RecipientOutcome> overTheLimit() {
    return outcomes.stream().filter(RecipientProgress::overTheLimit).toList();
  }

  /**
   * E.g. "1 of 3 recipients accepted; over the sending limit: b@x (550 5.4.5 Daily user sending
   * limit exceeded); for now refused: c@x (452 4.2.2 Mailbox full)".
   */
  String summary() {
    long accepted = outcomes.stream().filter(RecipientOutcome::accepted).count();
    return accepted
        + " of "
        + recipients.size()
        + " recipients accepted"
        + listed("over the sending limit", overTheLimit())
        + listed(
            "for now refused", outcomes.stream().filter(RecipientProgress::refusedForNow).toList());
  }

  private static String listed(String what, List<RecipientOutcome> which) {
    return which.isEmpty()
        ? ""
        : "; "
            + what
            + ": "
            + which.stream()
                .map(o -> o.address() + " (" + o.reply() + ")")
                .collect(Collectors.joining(", "));
  }

  private static boolean unsettled(RecipientOutcome outcome) {
    return overTheLimit(outcome) || refusedForNow(outcome);
  }

  private static boolean overTheLimit(RecipientOutcome outcome) {
    return !outcome.accepted() && Refusals.overTheLimit(outcome.reply());
  }

  private static boolean refusedForNow(RecipientOutcome outcome) {
    return !outcome.accepted()
        && !Refusals.overTheLimit(outcome.reply())
        && outcome.reply() != null
        && outcome.reply().startsWith("4");
  }

  private static Map<String, RecipientOutcome> byAddress(List<RecipientOutcome> outcomes) {
    Map<String, RecipientOutcome> byAddress = new LinkedHashMap<>();
    outcomes.forEach(o -> byAddress.put(o.address(), o));
    return byAddress;
  }
}
