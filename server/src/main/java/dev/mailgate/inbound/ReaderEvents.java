package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import dev.mailgate.inbound.ReaderState.Status;
import dev.mailgate.mail.explain.Explanation;
import dev.mailgate.mail.explain.Explanations;
import dev.mailgate.mail.explain.Refusal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A reader's changes of state in the event log: the first failure of a streak, a stop for
 * re-authorization, a recovery. A poll that goes as the last one did records nothing, so a minute's
 * poll of many mailboxes does not flood the log.
 */
@Component
class ReaderEvents {

  private final EventLog events;

  ReaderEvents(EventLog events) {
    this.events = events;
  }

  void read(EmailAccount account, ReaderState before) {
    if (before.status() != Status.READING || before.failures() > 0) {
      events.record(
          EventType.READER_RECOVERED,
          account.id(),
          null,
          "Reading account '" + account.name() + "' works again",
          Map.of("after", before.status().name()));
    }
  }

  void stopped(EmailAccount account, ReaderState before, String why) {
    if (before.status() != Status.NEEDS_REAUTHORIZATION) {
      events.record(
          EventType.READER_STOPPED, account.id(), null, why, Map.of("account", account.name()));
    }
  }

  void failed(EmailAccount account, ReaderState before, String why, Instant retryAt) {
    if (before.status() != Status.FAILING) {
      Map<String, Object> details = new HashMap<>();
      details.put("account", account.name());
      details.put("nextAttemptAt", retryAt.toString());
      Explanations.explain(why, account.signIn())
          .map(Explanation::code)
          .ifPresent(code -> details.put("explanation", code));
      events.record(EventType.READER_FAILED, account.id(), null, why, details);
    }
  }

  /** A server refused the sign-in: as {@link #failed}, with the refusal's kind and explanation. */
  void signInRefused(EmailAccount account, ReaderState before, Refusal refusal, Instant retryAt) {
    if (before.status() != Status.FAILING) {
      Map<String, Object> details = new HashMap<>();
      details.put("account", account.name());
      details.put("nextAttemptAt", retryAt.toString());
      details.put("kind", refusal.kind().name());
      details.put("explanation", refusal.explanation().code());
      events.record(EventType.READER_FAILED, account.id(), null, refusal.reply(), details);
    }
  }
}
