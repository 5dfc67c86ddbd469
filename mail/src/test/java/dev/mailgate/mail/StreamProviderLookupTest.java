package dev.mailgate.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.mail.message.MessageParser;
import dev.mailgate.mail.message.ParseLimits;
import jakarta.mail.util.StreamProvider;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamProviderLookupTest {

  @Test
  void usingTheParserNamesAngusStreamProviderSoJakartaMailSkipsItsServiceLoaderScan() {
    MessageParser.parse(
        "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), ParseLimits.defaults());

    assertThat(System.getProperty(StreamProviderLookup.PROPERTY))
        .isEqualTo(StreamProviderLookup.ANGUS);
    assertThat(StreamProvider.provider().getClass().getName())
        .isEqualTo(StreamProviderLookup.ANGUS);
  }
}
