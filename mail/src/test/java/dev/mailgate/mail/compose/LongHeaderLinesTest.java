package dev.mailgate.mail.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.mail.message.MessageParser;
import dev.mailgate.mail.message.ParseLimits;
import dev.mailgate.mail.message.ParsedMessage;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The review's 1 MB subject and 2 MB header value were written as single lines of millions of
 * characters; RFC 5322 section 2.1.1 allows 998. Now they are folded or encoded to short lines and
 * read back as given.
 */
class LongHeaderLinesTest {

  private static final Instant DATE = Instant.parse("2026-12-04T19:00:00Z");

  @Test
  void aMegabyteSubjectAndATwoMegabyteHeaderAreWrittenInLinesOfAtMost998() throws Exception {
    String subject = "s".repeat(1_000_000);
    String header = "v".repeat(2_000_000);
    String references =
        String.join(
            " ",
            java.util.stream.IntStream.range(0, 2000)
                .mapToObj(i -> "<ref" + i + "@mailgate.test>")
                .toList());

    byte[] raw = compose(subject, Map.of("X-Long", header), List.of(references.split(" ")));

    String[] lines = headerSection(raw).split("\r\n");
    assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
    MimeMessage read =
        new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    assertThat(read.getSubject()).isEqualTo(subject);
    assertThat(MimeUtility.decodeText(MimeUtility.unfold(read.getHeader("X-Long", null))))
        .isEqualTo(header);
    assertThat(MimeUtility.unfold(read.getHeader("References", null)).split("\\s+")).hasSize(2000);
  }

  @Test
  void aLongSubjectWithSpacesIsFoldedNotEncoded() {
    String subject = "word ".repeat(1000).strip();

    byte[] raw = compose(subject, Map.of(), List.of());

    assertThat(headerSection(raw)).doesNotContain("=?UTF-8?");
    ParsedMessage parsed = MessageParser.parse(raw, ParseLimits.defaults());
    assertThat(parsed.subject()).isEqualTo(subject);
  }

  private static byte[] compose(String subject, Map<String, String> headers, List<String> refs) {
    return MessageComposer.compose(
        new OutgoingMessage(
            "<long@mailgate.test>",
            "desk@mailgate.test",
            List.of("a@example.org"),
            List.of(),
            List.of(),
            subject,
            "body",
            null,
            List.of(),
            headers,
            null,
            refs),
        DATE);
  }

  private static String headerSection(byte[] raw) {
    String all = new String(raw, StandardCharsets.US_ASCII);
    return all.substring(0, all.indexOf("\r\n\r\n"));
  }
}
