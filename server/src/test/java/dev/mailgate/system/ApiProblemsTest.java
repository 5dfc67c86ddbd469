package dev.mailgate.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.security.apitoken.ApiTokens;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** A REST client gets every error as RFC 9457 ProblemDetail JSON, whatever went wrong. */
@ExtendWith(OutputCaptureExtension.class)
class ApiProblemsTest {

  @TempDir static Path dataDir;
  static RunningMailgate mailgate;
  static ApiClient api;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    api =
        ApiClient.withToken(
            mailgate.baseUrl(), mailgate.bean(ApiTokens.class).issue("problems", "test").secret());
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void anUnknownAccountIsANotFoundProblemNamingWhatWasMissing() {
    UUID id = UUID.randomUUID();

    HttpResponse<String> response = api.get("/api/v1/accounts/" + id);

    JsonNode problem = problemOf(response, 404);
    assertThat(problem.get("title").asString()).isEqualTo("Not found");
    assertThat(problem.get("detail").asString()).contains(id.toString());
    assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/accounts/" + id);
    assertThat(problem.get("kind").asString()).isEqualTo("account");
    assertThat(problem.get("id").asString()).isEqualTo(id.toString());
  }

  @Test
  void anUnknownPathIsANotFoundProblem() {
    HttpResponse<String> response = api.get("/api/v1/no-such-thing");

    JsonNode problem = problemOf(response, 404);
    assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/no-such-thing");
  }

  @Test
  void aMethodThePathDoesNotTakeIsAMethodNotAllowedProblem() {
    HttpResponse<String> response = api.post("/api/v1/accounts/" + UUID.randomUUID(), "{}");

    problemOf(response, 405);
  }

  @Test
  void anIdThatIsNoUuidIsABadRequestProblem() {
    HttpResponse<String> response = api.get("/api/v1/accounts/not-a-uuid");

    problemOf(response, 400);
  }

  @Test
  void anUnknownPageOutsideTheApiKeepsTheDefaultErrorHandling(CapturedOutput output) {
    AdminSession browser = new AdminSession(mailgate.baseUrl());
    browser.login("admin", RunningMailgate.ADMIN_PASSWORD);

    HttpResponse<String> response = browser.get("/no-such-page");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).doesNotContain("problem+json"));
    assertThat(output).doesNotContain("Failure in @ExceptionHandler");
  }

  @Test
  void malformedJsonIsRefusedWithItsLineAndColumn() {
    HttpResponse<String> response =
        api.post("/api/v1/accounts", "{\n  \"name\": \"x\",\n  \"host\" \"y\"\n}");

    JsonNode problem = problemOf(response, 400);
    assertThat(problem.get("detail").asString())
        .startsWith("The request body is not valid JSON at line 3, column ")
        .doesNotContain("Failed to read request");
    assertThat(problem.get("line").asInt()).isEqualTo(3);
    assertThat(problem.get("column").asInt()).isGreaterThan(1);
  }

  @Test
  void aValueOfTheWrongTypeNamesItsFieldInTheJson() {
    HttpResponse<String> flag =
        api.post("/api/v1/accounts", "{\"name\":\"x\",\"active\":\"maybe\"}");
    HttpResponse<String> nested =
        api.post(
            "/api/v1/messages",
            "{\"to\":[\"a@example.org\"],\"attachments\":[{\"name\":\"a\",\"content\":{}}]}");

    JsonNode flagProblem = problemOf(flag, 400);
    assertThat(flagProblem.get("field").asString()).isEqualTo("active");
    assertThat(flagProblem.get("detail").asString())
        .startsWith("'active' does not have the expected form")
        .doesNotContain("Failed to read request");
    assertThat(problemOf(nested, 400).get("field").asString()).isEqualTo("attachments[0].content");
  }

  @Test
  void anIdThatIsNoUuidIsNamedWithWhatAnIdLooksLike() {
    HttpResponse<String> response = api.get("/api/v1/outbox/xyz");

    JsonNode problem = problemOf(response, 400);
    assertThat(problem.get("field").asString()).isEqualTo("id");
    assertThat(problem.get("detail").asString())
        .startsWith("'xyz' is not a valid id: it must be an id (a UUID such as")
        .doesNotContain("Failed to convert");
  }

  private static JsonNode problemOf(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = ApiClient.json(response);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asString()).isNotBlank();
    assertThat(problem.get("detail").asString()).isNotBlank();
    return problem;
  }
}
