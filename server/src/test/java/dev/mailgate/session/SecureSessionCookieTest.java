package dev.mailgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With an https public base URL (TLS ending at a proxy in front of Mailgate) the session cookie,
 * which Spring Session writes, is {@code Secure}; over plain http it is not.
 */
class SecureSessionCookieTest {

  @TempDir Path dataDir;

  @Test
  void behindHttpsTheSessionCookieIsSecure() throws IOException {
    try (RunningMailgate mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.public-base-url", "https://mailgate.example.test"))) {
      String answer = loginPage(mailgate, "mailgate.example.test");

      assertThat(setCookie(answer)).startsWith("MAILGATE_SESSION=").contains("Secure");
    }
  }

  @Test
  void overPlainHttpItIsNot() throws IOException {
    try (RunningMailgate mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir))) {
      String answer = loginPage(mailgate, "127.0.0.1");

      assertThat(setCookie(answer)).startsWith("MAILGATE_SESSION=").doesNotContain("Secure");
    }
  }

  /** A raw request: java.net.http does not let a test name the Host the proxy would forward. */
  private static String loginPage(RunningMailgate mailgate, String host) throws IOException {
    URI base = URI.create(mailgate.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /login HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String setCookie(String answer) {
    return answer
        .lines()
        .filter(line -> line.regionMatches(true, 0, "Set-Cookie:", 0, 11))
        .map(line -> line.substring(11).strip())
        .findFirst()
        .orElse("");
  }
}
