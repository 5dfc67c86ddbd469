package dev.mailgate.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.inbound.ReaderState;
import dev.mailgate.outbound.OutboxState;
import dev.mailgate.webhook.DeliveryState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The one time format and the words for codes that every page uses (issue 16). */
class TimesAndWordsTest {

  private static final Instant NOW = Instant.parse("2026-12-04T21:36:44Z");
  private final Times utc = new Times(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);
  private final Words words = new Words();

  @Test
  void aTimeIsLocalWithItsZoneAndHowLongAgo() {
    assertThat(utc.at(NOW.minusSeconds(300))).isEqualTo("4 Dec 2026, 21:31:44 UTC");
    assertThat(utc.full(NOW.minusSeconds(300))).isEqualTo("4 Dec 2026, 21:31:44 UTC (5 min ago)");
    assertThat(utc.ago(NOW.plusSeconds(3 * 3600 + 600))).isEqualTo("in 3 h 10 min");
    assertThat(utc.at(null)).isEmpty();
  }

  @Test
  void theConfiguredZoneIsShownByName() {
    Times berlin = new Times(Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("Europe/Berlin"));
    assertThat(berlin.at(NOW)).isEqualTo("4 Dec 2026, 22:36:44 CET");
  }

  @Test
  void instantsInStoredSentencesAreWrittenTheSameWay() {
    assertThat(utc.inText("421 busy (next attempt at 2026-12-04T22:18:04.528063210Z)"))
        .isEqualTo("421 busy (next attempt at 4 Dec 2026, 22:18:04 UTC)");
  }

  @Test
  void codesReadAsWordsAndUnknownOnesAsTheirLowerCaseWords() {
    assertThat(words.of(ConnectionSecurity.SSL_TLS)).isEqualTo("SSL/TLS");
    assertThat(words.of(OutboxState.RETRY_SCHEDULED)).isEqualTo("will be retried");
    assertThat(words.of(DeliveryState.GAVE_UP)).isEqualTo("given up");
    assertThat(words.option("security", "NONE"))
        .isEqualTo("none (unencrypted; only on this machine)");
    assertThat(words.option("nothing", "SOME_NEW_CODE")).isEqualTo("some new code");
  }

  @Test
  void aGraphReadersIdleReadsAsChangeNotificationsAndAnImapReadersAsIdle() {
    assertThat(words.of(ReaderState.Mode.IDLE, "GRAPH"))
        .isEqualTo("change notifications (new mail at once)");
    assertThat(words.of(ReaderState.Mode.IDLE, "IMAP")).isEqualTo("IDLE (new mail at once)");
    assertThat(words.of(ReaderState.Mode.POLLING, "GRAPH")).isEqualTo("polling");
  }
}
