package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message too large for one request, sent as Graph documents it: a draft from MIME, a large
 * attachment by an upload session in ranges of at most 4 MB to the pre-authenticated upload URL,
 * then {@code send}.
 */
class SandboxGraphUploadTest {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static GraphHttp demo() {
    return new GraphHttp(
        sandbox.graph().baseUrl(),
        sandbox
            .oauth()
            .signIn(
                Sandbox.DEMO,
                List.of(
                    "openid",
                    SandboxScopes.graph("Mail.ReadWrite"),
                    SandboxScopes.graph("Mail.Send")))
            .accessToken());
  }

  private static String draftMime(String subject) {
    String mime =
        "From: "
            + Sandbox.DEMO
            + "\r\nTo: "
            + Sandbox.SERVICEDESK
            + "\r\nSubject: "
            + subject
            + "\r\nMessage-ID: <upload-"
            + subject.hashCode()
            + "@mailgate.test>\r\nContent-Type: text/plain\r\n\r\nSee the attachment.\r\n";
    return Base64.getEncoder().encodeToString(mime.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aDraftWithAnAttachmentUploadedInRangesIsSentWhole() throws Exception {
    GraphHttp demo = demo();
    HttpResponse<String> created = demo.post("/me/messages", "text/plain", draftMime("big one"));
    assertThat(created.statusCode()).isEqualTo(201);
    String draft = (String) GraphHttp.json(created).get("id");
    byte[] file = new byte[5 * 1024 * 1024 + 17];
    Arrays.fill(file, (byte) 'z');

    Map<String, Object> session =
        GraphHttp.json(
            demo.postJson(
                "/me/messages/" + draft + "/attachments/createUploadSession",
                "{\"AttachmentItem\":{\"attachmentType\":\"file\",\"name\":\"report.bin\","
                    + "\"size\":"
                    + file.length
                    + "}}"));
    String uploadUrl = (String) session.get("uploadUrl");
    int half = 3 * 1024 * 1024;
    HttpResponse<String> first = put(uploadUrl, file, 0, half, false);
    HttpResponse<String> last = put(uploadUrl, file, half, file.length, false);
    HttpResponse<String> sent =
        demo.post("/me/messages/" + draft + "/send", "application/json", "");

    assertThat(session.get("nextExpectedRanges")).isEqualTo(List.of("0-"));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(GraphHttp.json(first).get("nextExpectedRanges")).isEqualTo(List.of(half + "-"));
    assertThat(last.statusCode()).isEqualTo(201);
    assertThat(last.headers().firstValue("Location")).isPresent();
    assertThat(sent.statusCode()).isEqualTo(202);
    MimeMessage received =
        sandbox.mail().inbox(Sandbox.SERVICEDESK).stream()
            .filter(m -> subject(m).equals("big one"))
            .findFirst()
            .orElseThrow();
    assertThat(received.getMessageID())
        .isEqualTo("<upload-" + "big one".hashCode() + "@mailgate.test>");
    Part attachment = ((Multipart) received.getContent()).getBodyPart(1);
    assertThat(attachment.getFileName()).isEqualTo("report.bin");
    try (InputStream in = attachment.getInputStream()) {
      assertThat(in.readAllBytes()).isEqualTo(file);
    }
    assertThat(sandbox.mail().folder(Sandbox.DEMO, "Drafts"))
        .extracting(SandboxGraphUploadTest::subject)
        .doesNotContain("big one");
  }

  @Test
  void anUploadOutOfOrderOrWithATokenIsRefused() {
    GraphHttp demo = demo();
    String draft =
        (String)
            GraphHttp.json(demo.post("/me/messages", "text/plain", draftMime("ranges"))).get("id");
    byte[] file = new byte[100];
    String uploadUrl =
        (String)
            GraphHttp.json(
                    demo.postJson(
                        "/me/messages/" + draft + "/attachments/createUploadSession",
                        "{\"AttachmentItem\":{\"attachmentType\":\"file\",\"name\":\"a\",\"size\":100}}"))
                .get("uploadUrl");

    HttpResponse<String> skipped = put(uploadUrl, file, 50, 100, false);
    HttpResponse<String> withToken = put(uploadUrl, file, 0, 100, true);

    assertThat(skipped.statusCode()).isEqualTo(416);
    assertThat(withToken.statusCode()).isEqualTo(401);
  }

  private static HttpResponse<String> put(
      String url, byte[] file, int from, int to, boolean withAuthorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/octet-stream")
            .header("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + file.length)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(file, from, to - from));
    if (withAuthorization) {
      request.header("Authorization", "Bearer x");
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }
}
