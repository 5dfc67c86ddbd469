package dev.mailgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventQuery;
import dev.mailgate.event.EventType;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployment defaults the review found missing: behind https no {@code Secure} cookie and no HSTS,
 * forwarded headers ignored, a forged {@code Host} reflected in {@code Location}, the database file
 * 0644 in a 0755 directory, and a 500 for an anonymous {@code GET /error}.
 */
class DeploymentDefaultsTest {

  @TempDir static Path httpsDir;
  @TempDir static Path httpDir;
  private static RunningMailgate behindHttps;
  private static RunningMailgate plain;

  @BeforeAll
  static void start() {
    behindHttps =
        RunningMailgate.start(
            httpsDir,
            TestDatabase.h2(httpsDir),
            Map.of(
                "mailgate.public-base-url", "https://mailgate.example.test",
                "mailgate.forwarded-headers", "native",
                "mailgate.sign-in.max-failures", "2"));
    plain = RunningMailgate.start(httpDir, TestDatabase.h2(httpDir));
  }

  @AfterAll
  static void stop() {
    behindHttps.close();
    plain.close();
  }

  @Test
  void behindHttpsTheSessionCookieIsSecureAndHstsIsSent() throws IOException {
    String answer = request(behindHttps, "GET /login HTTP/1.1", "Host: mailgate.example.test");

    assertThat(header(answer, "Set-Cookie")).contains("MAILGATE_SESSION=").contains("Secure");
    assertThat(header(answer, "Strict-Transport-Security")).contains("max-age=");
  }

  @Test
  void overPlainHttpTheCookieIsNotSecureAndNoHstsIsSent() throws IOException {
    String answer = request(plain, "GET /login HTTP/1.1", "Host: localhost");

    assertThat(header(answer, "Set-Cookie")).contains("MAILGATE_SESSION=").doesNotContain("Secure");
    assertThat(header(answer, "Strict-Transport-Security")).isEmpty();
  }

  @Test
  void aForgedHostIsNotReflectedInTheRedirectToTheLogin() throws IOException {
    String answer = request(plain, "GET /accounts HTTP/1.1", "Host: evil.example");

    assertThat(answer).startsWith("HTTP/1.1 302");
    assertThat(header(answer, "Location")).isNotEmpty().doesNotContain("evil.example");
  }

  @Test
  void forwardedClientAddressesAreHonouredWhenEnabled() throws IOException {
    for (int i = 0; i < 2; i++) {
      request(
          behindHttps,
          "GET /api/v1/providers HTTP/1.1",
          "Host: mailgate.example.test",
          "X-Forwarded-For: 203.0.113.9",
          "Authorization: Bearer mgt_not-a-token");
    }

    assertThat(
            behindHttps
                .bean(EventLog.class)
                .find(
                    new EventQuery(
                        Set.of(EventType.SIGN_IN_LOCKED), null, null, null, null, null, null, 10))
                .events())
        .anySatisfy(event -> assertThat(event.summary()).contains("203.0.113.9"));
  }

  @Test
  void theDataDirectoryIsPrivateAndTheDatabaseFileToo() throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(httpDir)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(httpDir.resolve("mailgate.mv.db"))))
        .isEqualTo("rw-------");
  }

  @Test
  void anAnonymousGetOfTheErrorPageIsNotFoundNotAServerError() throws IOException {
    String answer = request(plain, "GET /error HTTP/1.1", "Host: localhost");

    assertThat(answer).startsWith("HTTP/1.1 404");
  }

  /** One request over a raw socket, so that any Host header can be sent. */
  private static String request(RunningMailgate mailgate, String line, String... headers)
      throws IOException {
    URI base = URI.create(mailgate.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          (line + "\r\n" + String.join("\r\n", headers) + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String header(String answer, String name) {
    StringBuilder values = new StringBuilder();
    for (String line : answer.substring(0, answer.indexOf("\r\n\r\n")).split("\r\n")) {
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        values.append(line.substring(name.length() + 1).strip()).append('\n');
      }
    }
    return values.toString();
  }
}
