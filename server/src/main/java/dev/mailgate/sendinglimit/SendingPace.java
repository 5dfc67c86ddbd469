package dev.mailgate.sendinglimit;

import dev.mailgate.system.DbTime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps each account's sending under its limits ({@link AccountSendingLimits}) so the provider
 * never has to throttle it (ADR 0030): a message may go when it is at least {@code 60 s /
 * perMinute} after the account's last one and the last 24 hours hold fewer than {@code perDay}
 * messages and room for its recipients under {@code recipientsPerDay}. The sender asks before it
 * claims a message ({@link #take}); the answer reserves the slot, so the account's concurrent
 * connections share one pace. A provider's quota reply ({@link #overLimit}) holds the account until
 * the window reopens.
 *
 * <p>Each node keeps its own record of the last 24 hours, read from the outbox's sent rows the
 * first time an account sends after a start; two nodes sending for one account may together go over
 * a per-minute limit, which the provider then answers with a quota reply that holds the mail.
 *
 * <p>Metrics: {@code mailgate_outbox_paced_total} (a message made to wait for its account's limits)
 * and {@code mailgate_outbox_over_limit_total} (a provider's quota reply).
 */
@Component
public class SendingPace {

  static final Duration DAY = Duration.ofDays(1);

  /** A rate reply ({@code 421 4.7.0}) says "slow down": the account waits this long. */
  static final Duration RATE_PAUSE = Duration.ofMinutes(1);

  /**
   * A daily quota reply when Mailgate sent nothing it knows of in the window (the quota was spent
   * by other clients): it looks again this often.
   */
  static final Duration UNKNOWN_WINDOW_RECHECK = Duration.ofHours(1);

  private record Sent(Instant at, int recipients) {}

  /** One account's sends of the last 24 hours, oldest first, and a provider-imposed wait. */
  private static final class Window {
    final Deque<Sent> sent = new ArrayDeque<>();
    int recipients;
    Instant heldUntil;

    void prune(Instant now) {
      Instant since = now.minus(DAY);
      while (!sent.isEmpty() && !sent.peekFirst().at().isAfter(since)) {
        recipients -= sent.pollFirst().recipients();
      }
    }

    void add(Sent s) {
      sent.addLast(s);
      recipients += s.recipients();
    }
  }

  private final AccountSendingLimits limits;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;
  private final Counter paced;
  private final Counter overLimit;
  private final Map<UUID, Window> windows = new ConcurrentHashMap<>();

  SendingPace(
      AccountSendingLimits limits,
      JdbcClient jdbc,
      JsonMapper json,
      Clock clock,
      MeterRegistry registry) {
    this.limits = limits;
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.paced =
        Counter.builder("mailgate.outbox.paced")
            .description("Messages made to wait for their account's sending limits")
            .register(registry);
    this.overLimit =
        Counter.builder("mailgate.outbox.over.limit")
            .description("Provider replies saying an account is over its sending limit")
            .register(registry);
  }

  /**
   * Whether a message of the account with this many recipients may go now: empty if it may (the
   * slot is then taken), else the earliest instant it may.
   */
  public Optional<Instant> take(UUID account, int recipients) {
    SendingLimits l = limits.forSending(account);
    Window w = window(account);
    synchronized (w) {
      Instant now = clock.instant();
      if (w.heldUntil != null && now.isBefore(w.heldUntil)) {
        return Optional.of(w.heldUntil);
      }
      w.heldUntil = null;
      if (l.none()) {
        return Optional.empty(); // nothing to keep to: no record either
      }
      w.prune(now);
      Instant earliest = earliest(w, l, recipients, now);
      if (earliest.isAfter(now)) {
        paced.increment();
        return Optional.of(earliest);
      }
      w.add(new Sent(now, Math.max(recipients, 1)));
      return Optional.empty();
    }
  }

  /**
   * The provider answered a message of the account with a quota reply: its mail waits until the
   * window reopens, which is returned. A daily quota reopens when the oldest message Mailgate sent
   * in the last 24 hours leaves the window (at least {@link #RATE_PAUSE} from now), a rate reply
   * ({@code 421}, {@code 452}) after {@link #RATE_PAUSE}.
   */
  public Instant overLimit(UUID account, String reply) {
    overLimit.increment();
    Window w = window(account);
    synchronized (w) {
      Instant now = clock.instant();
      w.prune(now);
      Instant reopens;
      if (rate(reply)) {
        reopens = now.plus(RATE_PAUSE);
      } else if (w.sent.isEmpty()) {
        reopens = now.plus(UNKNOWN_WINDOW_RECHECK);
      } else {
        reopens = latest(w.sent.peekFirst().at().plus(DAY), now.plus(RATE_PAUSE));
      }
      w.heldUntil = w.heldUntil == null ? reopens : latest(w.heldUntil, reopens);
      return w.heldUntil;
    }
  }

  /**
   * A rate reply: {@code 421} ("slow down"), or {@code 452} ("too many recipients": the rest in a
   * later transaction, RFC 5321 4.5.3.1.10).
   */
  private static boolean rate(String reply) {
    String r = reply == null ? "" : reply.strip().toLowerCase(Locale.ROOT);
    return r.startsWith("421") || r.startsWith("452");
  }

  private static Instant earliest(Window w, SendingLimits l, int recipients, Instant now) {
    Instant earliest = now;
    if (l.perMinute() != null && !w.sent.isEmpty()) {
      Duration spacing = Duration.ofMinutes(1).dividedBy(l.perMinute());
      earliest = latest(earliest, w.sent.peekLast().at().plus(spacing));
    }
    if (l.perDay() != null && w.sent.size() >= l.perDay()) {
      // the message perDay back from the newest must have left the window
      Iterator<Sent> oldest = w.sent.iterator();
      for (int skip = w.sent.size() - l.perDay(); skip > 0; skip--) {
        oldest.next();
      }
      earliest = latest(earliest, oldest.next().at().plus(DAY));
    }
    if (l.recipientsPerDay() != null
        && w.recipients + recipients > l.recipientsPerDay()
        && recipients <= l.recipientsPerDay()) {
      int left = w.recipients;
      for (Sent s : w.sent) {
        left -= s.recipients();
        if (left + recipients <= l.recipientsPerDay()) {
          earliest = latest(earliest, s.at().plus(DAY));
          break;
        }
      }
    }
    return earliest;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private Window window(UUID account) {
    return windows.computeIfAbsent(account, this::read);
  }

  /** The account's messages sent in the last 24 hours, as the outbox recorded them. */
  private Window read(UUID account) {
    Window w = new Window();
    jdbc.sql(
            "select sent_at, recipients from outbox where account_id = :a and state = 'SENT'"
                + " and sent_at > :since order by sent_at")
        .param("a", account)
        .param("since", DbTime.of(clock.instant().minus(DAY)))
        .query(
            (rs, row) ->
                new Sent(
                    DbTime.read(rs, "sent_at"),
                    Math.max(1, json.readTree(rs.getString("recipients")).size())))
        .list()
        .forEach(w::add);
    return w;
  }
}
