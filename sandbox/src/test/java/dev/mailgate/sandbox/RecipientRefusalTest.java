package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sandbox SMTP server answers {@code RCPT TO} of a chosen recipient with a chosen reply, as a
 * real server refusing it would, and still delivers to the others; told to accept again, it does.
 */
class RecipientRefusalTest {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  @Test
  void aRefusedRecipientGetsTheReplyAndTheOthersTheMessage() throws Exception {
    String busy = "busy-refusal@example.org";
    String open = "open-refusal@example.org";
    sandbox.mail().refuseRecipient(busy, "450 4.2.1 Mailbox busy, try later");

    assertThatThrownBy(() -> send("partly", busy, open))
        .isInstanceOfSatisfying(
            SendFailedException.class,
            e -> {
              assertThat(e.getValidSentAddresses()).extracting(Address::toString).contains(open);
              SMTPAddressFailedException refused =
                  (SMTPAddressFailedException) e.getNextException();
              assertThat(refused.getAddress().getAddress()).isEqualTo(busy);
              assertThat(refused.getReturnCode()).isEqualTo(450);
              assertThat(refused.getMessage()).contains("4.2.1 Mailbox busy, try later");
            });
    assertThat(sandbox.mail().waitForMessages(1, java.time.Duration.ofSeconds(5))).isTrue();
    assertThat(sandbox.mail().inbox(open)).hasSize(1);

    sandbox.mail().acceptRecipient(busy);
    send("again", busy);

    assertThat(sandbox.mail().inbox(busy))
        .extracting(MimeMessage::getSubject)
        .containsExactly("again");
  }

  @Test
  void aHeldRecipientGetsItsReplyOnlyWhenReleased() throws Exception {
    String slow = "slow-hold@example.org";
    sandbox.mail().holdRecipient(slow);
    Thread client =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    send("held", slow);
                  } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                  }
                });

    long deadline = System.nanoTime() + 5_000_000_000L;
    while (sandbox.mail().heldRecipients() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sandbox.mail().heldRecipients()).isEqualTo(1);
    assertThat(client.isAlive()).isTrue();

    sandbox.mail().releaseRecipient(slow);
    client.join(5000);

    assertThat(client.isAlive()).isFalse();
    assertThat(sandbox.mail().heldRecipients()).isZero();
    assertThat(sandbox.mail().inbox(slow))
        .extracting(MimeMessage::getSubject)
        .containsExactly("held");
  }

  @Test
  void aReplyThatDoesNotRefuseIsNotTaken() {
    assertThatThrownBy(() -> sandbox.mail().refuseRecipient("x@example.org", "250 OK"))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("4xx or 5xx");
  }

  private static void send(String subject, String... to) throws MessagingException {
    Properties properties = new Properties();
    properties.put("mail.smtp.sendpartial", "true");
    properties.put("mail.smtp.connectiontimeout", "5000");
    properties.put("mail.smtp.timeout", "5000");
    Session session = Session.getInstance(properties);
    MimeMessage message = MailClients.message("sender@example.org", to[0], subject);
    Address[] recipients = new Address[to.length];
    for (int i = 0; i < to.length; i++) {
      recipients[i] = new InternetAddress(to[i]);
    }
    try (Transport transport = session.getTransport("smtp")) {
      transport.connect("127.0.0.1", sandbox.ports().smtp(), null, null);
      transport.sendMessage(message, recipients);
    }
  }
}
