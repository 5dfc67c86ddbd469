package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The protocol of a connection, read from the name GreenMail gives its connection thread. */
class MailProtocolTest {

  @ParameterizedTest
  @CsvSource({
    "smtp:127.0.0.1:3025<-/127.0.0.1:50001, SMTP",
    "smtps:127.0.0.1:3465<-/127.0.0.1:50002, SMTP",
    "imap:127.0.0.1:3143<-/127.0.0.1:50003, IMAP",
    "imaps:127.0.0.1:3993<-/127.0.0.1:50004, IMAP",
    "pop3:127.0.0.1:3110<-/127.0.0.1:50005, POP3",
    "pop3s:127.0.0.1:3995<-/127.0.0.1:50006, POP3"
  })
  void aGreenMailConnectionThreadNamesItsProtocol(String thread, MailProtocol protocol) {
    assertThat(MailProtocol.ofThread(thread)).contains(protocol);
  }

  @ParameterizedTest
  @ValueSource(strings = {"main", "MockWebServer /127.0.0.1:8090", "smtpx:127.0.0.1:1", ""})
  void anyOtherThreadHasNoProtocol(String thread) {
    assertThat(MailProtocol.ofThread(thread)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "IMAP, imap",
    "IMAP, IMAP.AccessAsUser.All",
    "IMAP, https://outlook.office.com/IMAP.AccessAsUser.All",
    "SMTP, SMTP.Send",
    "SMTP, https://outlook.office.com/SMTP.Send",
    "POP3, POP.AccessAsUser.All"
  })
  void theSandboxScopeOrExchangesPermissionLetsATokenIn(MailProtocol protocol, String scope) {
    assertThat(protocol.coveredBy(Set.of(scope, "openid"))).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "IMAP, SMTP.Send",
    "IMAP, https://graph.microsoft.com/IMAP.AccessAsUser.All",
    "SMTP, https://outlook.office.com/IMAP.AccessAsUser.All",
    "POP3, imap"
  })
  void anotherProtocolsScopeOrAnotherResourceDoesNot(MailProtocol protocol, String scope) {
    assertThat(protocol.coveredBy(Set.of(scope, "openid"))).isFalse();
  }
}
