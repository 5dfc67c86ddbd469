package dev.mailgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.MailgateProcess;
import dev.mailgate.testing.SandboxSeed;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox mailbox a reader crash test reads ({@code ReaderCrashTest} over IMAP, {@code
 * GraphReaderCrashTest} over Graph): filled with numbered messages of known sizes, and the checks
 * that a Mailgate killed and started again stored each of them once, whole, and moved each out of
 * the inbox once.
 */
final class CrashTestMailbox {

  private final SandboxMailServer mail;
  private final String address;
  private final Map<String, Long> sizes = new HashMap<>();

  private CrashTestMailbox(SandboxMailServer mail, String address) {
    this.mail = mail;
    this.address = address;
  }

  /**
   * A new OAuth mailbox holding {@code messages} messages with the subjects {@code subject + " " +
   * i}.
   */
  static CrashTestMailbox filled(SandboxMailServer mail, String subject, int messages) {
    String address =
        subject.replace(" ", "")
            + "-"
            + UUID.randomUUID().toString().substring(0, 8)
            + "@mailgate.test";
    CrashTestMailbox mailbox = new CrashTestMailbox(mail, address);
    mail.addOAuthMailbox(address);
    for (int i = 0; i < messages; i++) {
      String raw = InboundMailboxes.raw(address, subject + " " + i);
      mail.deliver(address, raw);
      mailbox.sizes.put(subject + " " + i, (long) raw.getBytes(StandardCharsets.UTF_8).length);
    }
    return mailbox;
  }

  String address() {
    return address;
  }

  /** Waits until the inbound feed holds every message (or more, or time is up); returns them. */
  List<JsonNode> awaitStored(MailgateProcess mailgate, SandboxSeed.Seeded seeded, Duration wait)
      throws InterruptedException {
    ApiClient api = ApiClient.withToken(mailgate.baseUrl(), seeded.apiToken());
    Instant deadline = Instant.now().plus(wait);
    while (true) {
      List<JsonNode> feed = feed(api, seeded.accountId());
      if (feed.size() >= sizes.size() || Instant.now().isAfter(deadline)) {
        return feed;
      }
      Thread.sleep(300);
    }
  }

  /** Waits until the reader has moved the last message out of the inbox. */
  void awaitMovedOutOfInbox() throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!mail.inbox(address).isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertThat(subjects(mail.inbox(address))).as("left in the inbox").isEmpty();
  }

  /** Each message stored once and whole, and found once in {@code movedTo}. */
  void assertStoredOnceWholeAndMovedOnce(List<JsonNode> stored, String movedTo) {
    assertThat(stored).as("stored once each").hasSize(sizes.size());
    Map<String, Long> sizeBySubject = new HashMap<>();
    for (JsonNode message : stored) {
      sizeBySubject.put(message.get("subject").asString(), message.get("size").asLong());
    }
    assertThat(sizeBySubject).as("every message, whole").hasSize(sizes.size());
    sizes.forEach(
        (subject, size) -> assertThat(sizeBySubject.get(subject)).as(subject).isEqualTo(size));
    assertThat(subjects(mail.folder(address, movedTo)))
        .as("moved once each")
        .hasSize(sizes.size())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(sizes.keySet());
  }

  private static List<JsonNode> feed(ApiClient api, UUID account) {
    List<JsonNode> messages = new ArrayList<>();
    String after = "";
    while (true) {
      HttpResponse<String> response =
          api.get("/api/v1/messages?direction=inbound&limit=500&account=" + account + after);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode page = ApiClient.json(response);
      if (page.get("messages").isEmpty()) {
        return messages;
      }
      page.get("messages").forEach(messages::add);
      after = "&after=" + page.get("next").asString();
    }
  }

  private static List<String> subjects(List<MimeMessage> messages) {
    return messages.stream()
        .map(
            message -> {
              try {
                return message.getSubject();
              } catch (MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }
}
