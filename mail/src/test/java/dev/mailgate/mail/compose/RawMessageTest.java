package dev.mailgate.mail.compose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rewriting a submitted message drops and adds header fields and leaves every other byte. */
class RawMessageTest {

  private static byte[] rewritten(String message, List<String[]> added) {
    return RawMessage.parse(message.getBytes(UTF_8)).rewritten(Set.of("bcc"), added);
  }

  @Test
  void aFoldedBccIsDroppedAndFieldsAreAddedBeforeTheUntouchedBody() {
    String body = "Line one\r\n.\r\n\r\nGrüße, a body of its own\r\n".repeat(3);
    String message =
        "From: a@example.org\r\nBcc: hidden@example.org,\r\n other@example.org\r\n"
            + "To: b@example.org\r\n\r\n"
            + body;

    byte[] result =
        rewritten(
            message,
            List.<String[]>of(
                new String[] {"Message-ID", "<x@example.org>"},
                new String[] {"Date", "Mon, 23 Nov 2026 10:00:00 +0000"}));

    assertThat(new String(result, UTF_8))
        .isEqualTo(
            "From: a@example.org\r\nTo: b@example.org\r\nMessage-ID: <x@example.org>\r\n"
                + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n\r\n"
                + body);
  }

  @Test
  void aMessageWithBareLineFeedsGetsItsFieldsWithBareLineFeeds() {
    byte[] result =
        rewritten(
            "From: a@example.org\nTo: b@example.org\n\nbody\n",
            List.<String[]>of(new String[] {"Date", "Mon, 23 Nov 2026 10:00:00 +0000"}));

    assertThat(new String(result, UTF_8))
        .isEqualTo(
            "From: a@example.org\nTo: b@example.org\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\n"
                + "body\n");
  }

  @Test
  void aMessageWithoutBodyGetsTheEmptyLineAfterItsFields() {
    byte[] result = rewritten("From: a@example.org\r\nBcc: c@example.org\r\n", List.of());

    assertThat(new String(result, UTF_8)).isEqualTo("From: a@example.org\r\n\r\n");
  }

  @Test
  void nothingToChangeIsTheSameBytes() {
    byte[] raw = "From: a@example.org\r\n\r\nbody\r\n".getBytes(UTF_8);

    assertThat(RawMessage.parse(raw).rewritten(Set.of("bcc"), List.of())).isSameAs(raw);
  }
}
