package dev.mailgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.security.apitoken.ApiTokens;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Health is public, for load balancers and container checks, and tells only up or down; metrics
 * need an API token like the REST API.
 */
class ActuatorAccessTest {

  @TempDir static Path dataDir;
  static RunningMailgate mailgate;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void healthIsPublicAndShowsTheDatabaseAndSchedulerUp() {
    HttpResponse<String> response = ApiClient.anonymous(mailgate.baseUrl()).get("/actuator/health");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode health = ApiClient.json(response);
    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.at("/components/db/status").asString()).isEqualTo("UP");
    assertThat(health.at("/components/scheduler/status").asString()).isEqualTo("UP");
  }

  @Test
  void healthShowsNoDetailsToAnonymousCallers() {
    JsonNode health =
        ApiClient.json(ApiClient.anonymous(mailgate.baseUrl()).get("/actuator/health"));

    assertThat(health.at("/components/db").has("details")).isFalse();
    assertThat(health.toString()).doesNotContainIgnoringCase("h2");
  }

  @Test
  void metricsNeedAnApiToken() {
    HttpResponse<String> response =
        ApiClient.anonymous(mailgate.baseUrl()).get("/actuator/prometheus");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  @Test
  void metricsAreServedWithAnApiToken() {
    String token = mailgate.bean(ApiTokens.class).issue("prometheus", "test").secret();

    HttpResponse<String> response =
        ApiClient.withToken(mailgate.baseUrl(), token).get("/actuator/prometheus");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("jvm_memory_used_bytes")
        .contains("application=\"mailgate\"");
  }

  @Test
  void otherActuatorEndpointsAreNotExposed() {
    String token = mailgate.bean(ApiTokens.class).issue("env", "test").secret();

    HttpResponse<String> response =
        ApiClient.withToken(mailgate.baseUrl(), token).get("/actuator/env");

    assertThat(response.statusCode()).isIn(302, 401, 404);
    assertThat(response.body()).doesNotContain("mailgate.admin");
  }
}
