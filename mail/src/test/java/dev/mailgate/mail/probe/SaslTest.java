package dev.mailgate.mail.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The XOAUTH2 error challenge a server sends back is shown decoded. */
class SaslTest {

  @Test
  void gmailsXoauth2ErrorChallengeIsDecodedToItsJson() {
    // The challenge Gmail sends for a rejected token (from Google's XOAUTH2 documentation).
    String reply =
        "334 eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIG1hYyIsInNjb3BlIjoiaHR0cHM6Ly9tYWlsLmdvb2dsZS5jb20vIn0K";

    assertThat(Sasl.decodeChallenge(reply))
        .contains(
            "{\"status\":\"401\",\"schemes\":\"bearer mac\",\"scope\":\"https://mail.google.com/\"}");
  }

  @Test
  void aReplyWithoutAChallengeDecodesToNothing() {
    assertThat(Sasl.decodeChallenge("535 5.7.8 Authentication credentials invalid")).isEmpty();
  }
}
