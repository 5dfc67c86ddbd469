package dev.mailgate.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Builders of raw RFC 5322 messages for tests: {@code
 * TestMessages.message().from("a@b").subject("Hi").withAttachment("a.txt", bytes).raw()}. Each gets
 * a unique Message-ID unless one is given.
 */
public final class TestMessages {

  private String from = "Customer <customer@example.org>";
  private String to = "support@mailgate.test";
  private String subject = "Question";
  private String messageId = "<" + UUID.randomUUID() + "@example.org>";
  private String text = "Hello, I have a question.";
  private String extraHeaders = "";
  private String attachmentName;
  private String attachmentType;
  private byte[] attachment;

  private TestMessages() {}

  public static TestMessages message() {
    return new TestMessages();
  }

  public TestMessages from(String from) {
    this.from = from;
    return this;
  }

  public TestMessages subject(String subject) {
    this.subject = subject;
    return this;
  }

  public TestMessages messageId(String messageId) {
    this.messageId = messageId;
    return this;
  }

  public TestMessages text(String text) {
    this.text = text;
    return this;
  }

  public TestMessages header(String name, String value) {
    this.extraHeaders += name + ": " + value + "\r\n";
    return this;
  }

  public TestMessages withAttachment(String name, String contentType, byte[] content) {
    this.attachmentName = name;
    this.attachmentType = contentType;
    this.attachment = content;
    return this;
  }

  public byte[] raw() {
    StringBuilder m = new StringBuilder();
    m.append("From: ").append(from).append("\r\n");
    m.append("To: ").append(to).append("\r\n");
    m.append("Subject: ").append(subject).append("\r\n");
    m.append("Date: Tue, 14 Jan 2025 09:12:40 +0100\r\n");
    m.append("Message-ID: ").append(messageId).append("\r\n");
    m.append(extraHeaders);
    m.append("MIME-Version: 1.0\r\n");
    if (attachment == null) {
      m.append("Content-Type: text/plain; charset=utf-8\r\n");
      m.append("Content-Transfer-Encoding: 8bit\r\n\r\n");
      m.append(text).append("\r\n");
    } else {
      m.append("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n");
      m.append("--b1\r\nContent-Type: text/plain; charset=utf-8\r\n");
      m.append("Content-Transfer-Encoding: 8bit\r\n\r\n").append(text).append("\r\n");
      m.append("--b1\r\nContent-Type: ").append(attachmentType).append("\r\n");
      m.append("Content-Transfer-Encoding: base64\r\n");
      m.append("Content-Disposition: attachment; filename*=UTF-8''")
          .append(
              java.net.URLEncoder.encode(attachmentName, StandardCharsets.UTF_8)
                  .replace("+", "%20"))
          .append("\r\n\r\n");
      m.append(Base64.getMimeEncoder().encodeToString(attachment)).append("\r\n--b1--\r\n");
    }
    return m.toString().getBytes(StandardCharsets.UTF_8);
  }
}
