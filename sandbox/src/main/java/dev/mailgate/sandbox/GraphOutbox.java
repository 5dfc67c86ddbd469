package dev.mailgate.sandbox;

import com.sun.net.httpserver.HttpExchange;
import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sending through the Graph stand-in, as Graph documents it: {@code sendMail} with base64 MIME
 * ({@code Content-Type: text/plain}, 202), a draft created from MIME ({@code POST /messages}, 201),
 * a large attachment added to a draft by an upload session ({@code
 * attachments/createUploadSession}, then {@code PUT}s of byte ranges, each at most 4 MB, to the
 * pre-authenticated {@code uploadUrl} without an {@code Authorization} header), and {@code
 * messages/{id}/send} (202). A sent message is delivered into the sandbox mailboxes and filed in
 * the sender's Sent Items (always, for MIME).
 */
final class GraphOutbox {

  private static final Duration UPLOAD_LIFETIME = Duration.ofMinutes(15);
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** An upload in progress: the draft it attaches to and the bytes so far. */
  private record Upload(
      String mailbox,
      String draftId,
      String name,
      String contentType,
      long size,
      Instant expires,
      ByteArrayOutputStream received) {}

  private final SandboxGraph graph;
  private final SandboxMailServer mail;
  private final Clock clock;
  private final Map<String, GraphIds> ids;
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

  GraphOutbox(SandboxGraph graph, SandboxMailServer mail, Clock clock, Map<String, GraphIds> ids) {
    this.graph = graph;
    this.mail = mail;
    this.clock = clock;
    this.ids = ids;
  }

  /** {@code POST sendMail} with MIME. */
  void sendMail(HttpExchange exchange, GraphMailbox mailbox) throws IOException {
    MimeMessage message = mimeBody(exchange, mailbox);
    deliver(mailbox, message);
    GraphExchanges.headers(exchange, 202, -1);
  }

  /** {@code POST messages} with MIME: a draft in Drafts. */
  void createDraft(HttpExchange exchange, GraphMailbox mailbox, boolean immutableIds)
      throws IOException {
    MimeMessage message = mimeBody(exchange, mailbox);
    GraphMailbox.Located draft =
        mailbox.append(GraphMailbox.DRAFTS, message, new Flags(Flags.Flag.DRAFT));
    GraphExchanges.json(exchange, 201, mailbox.json(draft, immutableIds));
  }

  /** {@code POST messages/{id}/attachments/createUploadSession}. */
  void createUploadSession(HttpExchange exchange, GraphMailbox mailbox, String draftId)
      throws IOException {
    GraphMailbox.Located draft = mailbox.message(draftId);
    if (!draft.message().isSet(Flags.Flag.DRAFT)) {
      throw GraphError.badRequest("ErrorInvalidOperation", "Only a draft takes attachments.");
    }
    Map<String, Object> body = GraphExchanges.jsonBody(exchange);
    if (!(body.get("AttachmentItem") instanceof Map<?, ?> item)) {
      throw GraphError.badRequest("ErrorInvalidRequest", "AttachmentItem is required.");
    }
    Object name = item.get("name");
    Object size = item.get("size");
    if (!"file".equals(item.get("attachmentType")) || name == null || !(size instanceof Number)) {
      throw GraphError.badRequest(
          "ErrorInvalidRequest", "AttachmentItem needs attachmentType 'file', a name and a size.");
    }
    Object type = item.get("contentType");
    String token = token();
    Instant expires = clock.instant().plus(UPLOAD_LIFETIME);
    // the draft is found again by its immutable id: it is replaced as attachments arrive
    String immutable = mailbox.ids().id(draft.place(), true);
    uploads.put(
        token,
        new Upload(
            mailbox.address(),
            immutable,
            String.valueOf(name),
            type == null ? "application/octet-stream" : String.valueOf(type),
            ((Number) size).longValue(),
            expires,
            new ByteArrayOutputStream()));
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("@odata.context", graph.baseUrl() + "/$metadata#microsoft.graph.uploadSession");
    session.put("uploadUrl", graph.uploadUrl(token));
    session.put("expirationDateTime", expires.toString());
    session.put("nextExpectedRanges", List.of("0-"));
    GraphExchanges.json(exchange, 201, session);
  }

  /** {@code PUT uploadUrl}: the next range of an attachment. */
  void upload(HttpExchange exchange, String token) throws IOException {
    try (exchange) {
      try {
        if (exchange.getRequestHeaders().containsKey("Authorization")) {
          throw new GraphError(
              401,
              "InvalidAuthenticationToken",
              "The upload URL is pre-authenticated: send no Authorization header.");
        }
        Upload upload = uploads.get(token);
        if (upload == null || clock.instant().isAfter(upload.expires())) {
          uploads.remove(token);
          throw new GraphError(404, "ErrorItemNotFound", "The upload session does not exist.");
        }
        Matcher range =
            CONTENT_RANGE.matcher(
                String.valueOf(exchange.getRequestHeaders().getFirst("Content-Range")));
        if (!range.matches()) {
          throw GraphError.badRequest("InvalidContentRange", "Content-Range: bytes a-b/total.");
        }
        long from = Long.parseLong(range.group(1));
        long to = Long.parseLong(range.group(2));
        long total = Long.parseLong(range.group(3));
        byte[] bytes = GraphExchanges.body(exchange);
        synchronized (upload) {
          long expected = upload.received().size();
          if (from != expected
              || total != upload.size()
              || to < from
              || to >= total
              || bytes.length != to - from + 1) {
            throw new GraphError(
                416,
                "InvalidRange",
                "Expected bytes " + expected + "- of " + upload.size() + ", got " + range.group());
          }
          upload.received().write(bytes);
          if (upload.received().size() < upload.size()) {
            Map<String, Object> next = new LinkedHashMap<>();
            next.put("expirationDateTime", upload.expires().toString());
            next.put("nextExpectedRanges", List.of(upload.received().size() + "-"));
            GraphExchanges.json(exchange, 200, next);
            return;
          }
          uploads.remove(token);
          attach(upload);
        }
        exchange.getResponseHeaders().set("Location", graph.baseUrl() + "/attachments/" + token);
        GraphExchanges.headers(exchange, 201, -1);
      } catch (GraphError e) {
        GraphExchanges.error(exchange, e);
      }
    }
  }

  /** {@code POST messages/{id}/send}: a draft sent, then filed in Sent Items. */
  void sendDraft(HttpExchange exchange, GraphMailbox mailbox, String draftId) throws IOException {
    GraphMailbox.Located draft = mailbox.message(draftId);
    if (!draft.message().isSet(Flags.Flag.DRAFT)) {
      throw GraphError.badRequest("ErrorInvalidOperation", "Only a draft can be sent.");
    }
    MimeMessage message = draft.message().getMimeMessage();
    checkSender(message, mailbox);
    deliver(mailbox, message);
    mailbox.remove(draft);
    GraphExchanges.headers(exchange, 202, -1);
  }

  private void attach(Upload upload) {
    GraphMailbox mailbox =
        new GraphMailbox(
            upload.mailbox(),
            mail.existingMailbox(upload.mailbox()),
            mail.folders(),
            ids.get(upload.mailbox()),
            clock);
    GraphMailbox.Located draft = mailbox.message(upload.draftId());
    try {
      MimeMessage original = draft.message().getMimeMessage();
      String messageId = original.getMessageID();
      MimeMessage updated = new MimeMessage(original);
      Multipart mixed;
      if (updated.isMimeType("multipart/mixed")) {
        mixed = (Multipart) updated.getContent();
      } else {
        mixed = new MimeMultipart("mixed");
        MimeBodyPart first = new MimeBodyPart();
        first.setDataHandler(updated.getDataHandler());
        first.setHeader("Content-Type", updated.getContentType());
        String encoding = updated.getEncoding();
        if (encoding != null) {
          first.setHeader("Content-Transfer-Encoding", encoding);
        }
        mixed.addBodyPart(first);
      }
      MimeBodyPart file = new MimeBodyPart();
      file.setDataHandler(
          new DataHandler(
              new ByteArrayDataSource(upload.received().toByteArray(), upload.contentType())));
      file.setFileName(upload.name());
      file.setDisposition(MimeBodyPart.ATTACHMENT);
      mixed.addBodyPart(file);
      updated.setContent(mixed);
      updated.saveChanges();
      if (messageId != null) {
        updated.setHeader("Message-ID", messageId); // saveChanges made a new one
      }
      GraphMailbox.Located replaced =
          mailbox.append(GraphMailbox.DRAFTS, updated, new Flags(Flags.Flag.DRAFT));
      mailbox.remove(draft);
      mailbox.ids().replaced(draft.place(), replaced.place());
    } catch (MessagingException | IOException e) {
      throw new GraphError(500, "ErrorInternalServerError", "cannot attach: " + e);
    }
  }

  /** The MIME of a {@code text/plain} base64 body, its sender checked. */
  private MimeMessage mimeBody(HttpExchange exchange, GraphMailbox mailbox) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    byte[] body = GraphExchanges.body(exchange);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/plain")) {
      throw GraphError.badRequest(
          "ErrorInvalidRequest",
          "The stand-in takes MIME only: base64 MIME with Content-Type: text/plain.");
    }
    byte[] raw;
    try {
      raw = Base64.getMimeDecoder().decode(strictBase64(body));
    } catch (IllegalArgumentException e) {
      throw GraphError.badRequest(
          "ErrorMimeContentInvalidBase64String", "Invalid base64 string for MIME content.");
    }
    try {
      MimeMessage message =
          new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
      checkSender(message, mailbox);
      return message;
    } catch (MessagingException e) {
      throw GraphError.badRequest("ErrorMimeContentInvalid", "The MIME content is invalid: " + e);
    }
  }

  private void checkSender(MimeMessage message, GraphMailbox mailbox) {
    try {
      Address[] from = message.getFrom();
      if (from == null || from.length == 0) {
        message.setFrom(new InternetAddress(mailbox.address()));
        return;
      }
      String sender =
          from[0] instanceof InternetAddress address
              ? SandboxGraph.normal(address.getAddress())
              : "";
      if (!graph.maySendAs(sender, mailbox.address())) {
        throw new GraphError(
            403,
            "ErrorSendAsDenied",
            "The user account which was used to submit this request does not have the right to"
                + " send mail on behalf of the specified sending account. Cannot submit message.");
      }
    } catch (MessagingException e) {
      throw GraphError.badRequest("ErrorMimeContentInvalid", "Unreadable From: " + e);
    }
  }

  private void deliver(GraphMailbox mailbox, MimeMessage message) {
    try {
      Address[] recipients = message.getAllRecipients();
      if (recipients == null || recipients.length == 0) {
        throw GraphError.badRequest(
            "ErrorInvalidRecipients", "At least one recipient isn't valid.");
      }
      MimeMessage delivered = new MimeMessage(message);
      delivered.removeHeader("Bcc");
      for (Address recipient : recipients) {
        if (recipient instanceof InternetAddress address) {
          mail.mailboxOrNew(address.getAddress()).deliver(new MimeMessage(delivered));
        }
      }
      mailbox.append(GraphMailbox.SENT_ITEMS, message, new Flags(Flags.Flag.SEEN));
    } catch (MessagingException e) {
      throw new GraphError(500, "ErrorInternalServerError", e.toString());
    }
  }

  /** Base64 as Graph takes it: line breaks allowed, anything else outside the alphabet is not. */
  private static byte[] strictBase64(byte[] body) {
    for (byte b : body) {
      boolean ok =
          (b >= 'A' && b <= 'Z')
              || (b >= 'a' && b <= 'z')
              || (b >= '0' && b <= '9')
              || b == '+'
              || b == '/'
              || b == '='
              || b == '\r'
              || b == '\n';
      if (!ok) {
        throw new IllegalArgumentException("not base64");
      }
    }
    return body;
  }

  private static String token() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
