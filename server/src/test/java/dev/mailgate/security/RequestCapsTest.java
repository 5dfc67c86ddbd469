package dev.mailgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.security.apitoken.ApiTokens;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caps before work: the review's 50 MB JSON body was read and composed (614 MB to 1.1 GB of heap)
 * before a 400, and 100,000 recipients and a 100 KB local part were accepted. Now the body is
 * refused with 413 before it is read, and the recipients by RFC 5321's limits.
 */
class RequestCapsTest {

  private static final int FIFTY_MB = 50 * 1024 * 1024;

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static String token;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    api = new JsonApi(mailgate);
    token = mailgate.bean(ApiTokens.class).issue("caps", "test").secret();
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void aFiftyMegabyteBodyIsRefusedBeforeItIsSent() throws IOException {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(head("Content-Length: " + FIFTY_MB));
      out.write(new byte[64 * 1024]); // a start of the body; the rest is never sent
      out.flush();

      String answer = read(socket.getInputStream());

      assertThat(answer).startsWith("HTTP/1.1 413");
      assertThat(answer).contains("application/problem+json", "mailgate.requests.max-body-size");
    }
  }

  @Test
  void aChunkedBodyIsCutOffAtTheLimit() throws IOException {
    long sent = 0;
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(head("Transfer-Encoding: chunked"));
      byte[] chunk = new byte[1024 * 1024];
      java.util.Arrays.fill(chunk, (byte) ' ');
      try {
        while (sent < FIFTY_MB) {
          out.write(
              (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          sent += chunk.length;
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException closedByServer) {
        // Mailgate stopped reading and closed the connection: what matters is its answer
      }

      String answer = read(socket.getInputStream());

      assertThat(answer).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void moreRecipientsThanRfc5321sHundredAreRefused() {
    List<String> recipients =
        java.util.stream.IntStream.range(0, 100_000)
            .mapToObj(i -> "r" + i + "@example.org")
            .toList();

    Reply refused =
        api.post("/api/v1/messages", JsonApi.body("to", recipients, "subject", "x", "text", "x"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("to");
    assertThat(refused.text("detail")).contains("100000 recipients", "at most 100");
  }

  @Test
  void aHundredKilobyteLocalPartIsRefused() {
    String address = String.join("", Collections.nCopies(100_000, "a")) + "@example.org";

    Reply refused =
        api.post(
            "/api/v1/messages",
            JsonApi.body("to", List.of("ok@example.org"), "cc", List.of(address), "text", "x"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("cc[0]");
  }

  @Test
  void aSixtyFiveCharacterLocalPartIsRefusedAndSixtyFourIsNot() {
    Reply refused =
        api.post(
            "/api/v1/messages",
            JsonApi.body("to", List.of("a".repeat(65) + "@example.org"), "text", "x"));
    Reply passed =
        api.post(
            "/api/v1/messages",
            JsonApi.body("to", List.of("a".repeat(64) + "@example.org"), "text", "x"));

    assertThat(refused.text("field")).isEqualTo("to[0]");
    assertThat(refused.text("detail")).contains("at most 64");
    assertThat(passed.text("detail")).doesNotContain("at most 64");
  }

  private static Socket connect() throws IOException {
    URI base = URI.create(mailgate.baseUrl());
    Socket socket = new Socket(base.getHost(), base.getPort());
    socket.setSoTimeout(15_000);
    return socket;
  }

  private static byte[] head(String lengthHeader) {
    URI base = URI.create(mailgate.baseUrl());
    return ("POST /api/v1/messages HTTP/1.1\r\n"
            + "Host: "
            + base.getHost()
            + ":"
            + base.getPort()
            + "\r\n"
            + "Authorization: Bearer "
            + token
            + "\r\n"
            + "Content-Type: application/json\r\n"
            + lengthHeader
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static String read(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    int n = in.read(buffer);
    return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
  }
}
