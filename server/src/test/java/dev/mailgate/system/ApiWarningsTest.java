package dev.mailgate.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.security.apitoken.ApiTokens;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's decisions, as an API client sees them: a message without a subject is queued with a
 * warning in the answer, and a JSON field Mailgate does not know is named in a warning instead of
 * being dropped without a word.
 */
class ApiWarningsTest {

  @TempDir Path dataDir;
  private RunningMailgate mailgate;
  private EmailAccount smtp;
  private String token;

  @BeforeEach
  void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    token = mailgate.bean(ApiTokens.class).issue("warnings", "admin").secret();
    smtp =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.smtp("warned@mailgate.test")
                    .at("127.0.0.1", Ports.dead())
                    .withPassword("secret")
                    .build());
  }

  @AfterEach
  void stop() {
    mailgate.close();
  }

  @Test
  void aMessageWithoutSubjectAndWithAMisspelledFieldIsQueuedWithAWarningForEach() throws Exception {
    HttpResponse<String> answer =
        post(
            "{\"account\":\""
                + smtp.id()
                + "\",\"to\":[\"someone@example.org\"],\"text\":\"hello\","
                + "\"subjct\":\"a typo\",\"attachments\":[{\"name\":\"a.txt\",\"type\":\"text/plain\","
                + "\"content\":\"aGk=\",\"nmae\":\"x\"}]}");

    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(answer.headers().allValues(ApiWarnings.HEADER))
        .containsExactlyInAnyOrder(
            "subjct: unknown field, ignored; check its spelling against the API reference",
            "attachments[0].nmae: unknown field, ignored; check its spelling against the API"
                + " reference",
            "subject: the message has no subject; it is sent without one, and some mail servers"
                + " and filters treat such mail as spam");
  }

  @Test
  void aCompleteMessageHasNoWarning() throws Exception {
    HttpResponse<String> answer =
        post(
            "{\"account\":\""
                + smtp.id()
                + "\",\"to\":[\"someone@example.org\"],\"subject\":\"Hi\",\"text\":\"hello\"}");

    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(answer.headers().allValues(ApiWarnings.HEADER)).isEmpty();
  }

  private HttpResponse<String> post(String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(mailgate.baseUrl() + "/api/v1/messages"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
