package dev.mailgate.security.apitoken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every REST endpoint enforces a scope. The endpoints are read from Spring MVC's request mappings,
 * so one added later is covered without touching this test: for each, a token lacking its scope is
 * refused with 403 naming the scope, and a token with only that scope gets past the check.
 */
class ApiScopeEnforcementTest {

  private static final Pattern NEEDED = Pattern.compile("lacks the scope '([^']+)'");
  private static final String ID = "00000000-0000-0000-0000-000000000001";

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  record Endpoint(String method, String path) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  @Test
  void everyApiEndpointRefusesATokenWithoutItsScopeNamingItAndAdmitsOneWithIt() throws Exception {
    List<Endpoint> endpoints = endpoints();
    assertThat(endpoints).hasSizeGreaterThan(40);
    String metricsOnly = token(List.of("metrics"));
    List<String> problems = new ArrayList<>();

    for (Endpoint endpoint : endpoints) {
      HttpResponse<String> refused = call(endpoint, metricsOnly);
      Matcher needed = NEEDED.matcher(refused.body());
      if (refused.statusCode() != 403 || !needed.find()) {
        problems.add(endpoint + " with only 'metrics': HTTP " + refused.statusCode());
        continue;
      }
      String scope = needed.group(1);
      List<String> allButIt =
          Arrays.stream(ApiScope.values())
              .map(ApiScope::value)
              .filter(s -> !s.equals(scope) && !s.equals("admin"))
              .toList();
      HttpResponse<String> stillRefused = call(endpoint, token(allButIt));
      HttpResponse<String> admitted = call(endpoint, token(List.of(scope)));
      if (stillRefused.statusCode() != 403 || !stillRefused.body().contains("'" + scope + "'")) {
        problems.add(endpoint + " without '" + scope + "': HTTP " + stillRefused.statusCode());
      }
      if (admitted.statusCode() == 403 || admitted.statusCode() == 401) {
        problems.add(endpoint + " with '" + scope + "': HTTP " + admitted.statusCode());
      }
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void theScopesApplicationsNeedOpenTheirEndpoints() throws Exception {
    Map<Endpoint, String> expected =
        Map.of(
            new Endpoint("GET", "/api/v1/messages"), "messages:read",
            new Endpoint("GET", "/api/v1/messages/" + ID + "/raw"), "messages:read",
            new Endpoint("POST", "/api/v1/messages"), "messages:send",
            new Endpoint("POST", "/api/v1/messages/batch"), "messages:send",
            new Endpoint("GET", "/api/v1/outbox/" + ID), "messages:send",
            new Endpoint("GET", "/api/v1/webhooks"), "webhooks",
            new Endpoint("GET", "/api/v1/diagnostics"), "diagnostics:read",
            new Endpoint("POST", "/api/v1/providers"), "admin",
            new Endpoint("GET", "/api/v1/api-tokens"), "admin",
            new Endpoint("POST", "/api/v1/admin/master-key/rotate"), "admin");
    String metricsOnly = token(List.of("metrics"));

    for (var entry : expected.entrySet()) {
      assertThat(call(entry.getKey(), metricsOnly).body())
          .as(entry.getKey().toString())
          .contains("lacks the scope '" + entry.getValue() + "'");
    }
  }

  @Test
  void prometheusNeedsTheMetricsScope() throws Exception {
    Endpoint prometheus = new Endpoint("GET", "/actuator/prometheus");

    assertThat(call(prometheus, token(List.of("messages:read"))).statusCode()).isEqualTo(403);
    assertThat(call(prometheus, token(List.of("metrics"))).statusCode()).isEqualTo(200);
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    ApiTokens tokens = mailgate.bean(ApiTokens.class);
    String secret =
        tokens
            .issue("short-lived", "test", List.of("admin"), Instant.now().plusMillis(1500))
            .secret();
    Endpoint list = new Endpoint("GET", "/api/v1/api-tokens");
    assertThat(call(list, secret).statusCode()).isEqualTo(200);

    Thread.sleep(Duration.ofMillis(1600)); // the token's own expiry, not a timing assertion

    HttpResponse<String> refused = call(list, secret);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("expired");
  }

  @Test
  void theApiListsEachTokensScopesExpiryAndLastUse() throws Exception {
    String reader = token(List.of("messages:read"));
    call(new Endpoint("GET", "/api/v1/messages"), reader);

    String listed = call(new Endpoint("GET", "/api/v1/api-tokens"), token(List.of("admin"))).body();

    assertThat(listed)
        .contains("\"scopes\":[\"messages:read\"]", "\"expiresAt\"", "\"lastUsedAt\":\"");
  }

  private static List<Endpoint> endpoints() {
    RequestMappingHandlerMapping mapping =
        mailgate
            .context()
            .getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    Set<String> seen = new TreeSet<>();
    List<Endpoint> endpoints = new ArrayList<>();
    for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/api/")) {
          continue;
        }
        String path = pattern.replaceAll("\\{[^}]+}", ID);
        for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
          if (seen.add(method + " " + path)) {
            endpoints.add(new Endpoint(method.name(), path));
          }
        }
      }
    }
    return endpoints;
  }

  private static String token(List<String> scopes) {
    return mailgate
        .bean(ApiTokens.class)
        .issue("scopes " + String.join(",", scopes), "test", scopes, null)
        .secret();
  }

  private static HttpResponse<String> call(Endpoint endpoint, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(mailgate.baseUrl() + endpoint.path()))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(endpoint.method(), HttpRequest.BodyPublishers.ofString("{}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
