package dev.mailgate.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document a running Mailgate serves: it is the committed {@code docs/openapi.json}, it
 * names every {@code /api/v1} mapping, and it is valid OpenAPI 3.1.
 */
class OpenApiDocumentTest {

  @TempDir static Path dataDir;
  static RunningMailgate mailgate;
  static String served;
  static String apiToken;

  @BeforeAll
  static void start() {
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.webhooks.allow-private-targets", "true"));
    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    HttpResponse<String> response = admin.get("/v3/api-docs");
    assertThat(response.statusCode()).isEqualTo(200);
    served = response.body();
    apiToken = admin.issueApiToken("openapi test");
  }

  private static HttpResponse<String> delete(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(mailgate.baseUrl() + path))
                .header("Authorization", "Bearer " + apiToken)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void theCommittedDocumentIsTheOneTheCodeGenerates() throws IOException {
    String generated = OpenApiFile.canonical(served);
    if (OpenApiFile.updateRequested()) {
      OpenApiFile.write(generated);
      return;
    }
    String committed = OpenApiFile.read();
    if (!generated.equals(committed)) {
      fail(
          OpenApiFile.PATH
              + " is not the document the code generates (first difference: "
              + OpenApiFile.firstDifference(committed, generated)
              + "). Run `"
              + OpenApiFile.UPDATE_COMMAND
              + "` to update it, and commit it with the change to the API.");
    }
  }

  @Test
  void everyApiMappingOfEveryControllerIsInTheDocument() {
    JsonNode paths = OpenApiFile.json(served).path("paths");
    List<String> missing = new ArrayList<>();
    int mappings = 0;
    RequestMappingHandlerMapping handlers =
        mailgate
            .context()
            .getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    for (RequestMappingInfo info : handlers.getHandlerMethods().keySet()) {
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/api/v1/") && !pattern.equals("/api/v1")) {
          continue;
        }
        assertThat(methods).as("the HTTP methods of " + pattern).isNotEmpty();
        for (RequestMethod method : methods) {
          mappings++;
          String verb = method.name().toLowerCase(Locale.ROOT);
          if (!paths.path(pattern).has(verb)) {
            missing.add(method + " " + pattern);
          }
        }
      }
    }
    assertThat(mappings).as("/api/v1 mappings found in the running server").isGreaterThan(40);
    assertThat(missing).as("mappings missing from the OpenAPI document").isEmpty();
  }

  @Test
  void theDocumentIsValidOpenApi31() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setValidateInternalRefs(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(served, null, options);

    assertThat(result.getMessages()).as("what the OpenAPI 3.1 parser found wrong").isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1.");
    assertThat(result.isOpenapi31()).isTrue();
    assertThat(OpenApiFile.danglingReferences(OpenApiFile.json(served)))
        .as("$refs that name no component")
        .isEmpty();
  }

  @Test
  void theValidationFailsOnADocumentThatIsNotValid() {
    // The same checks on the served document spoiled twice: no info, and a $ref to nothing.
    String broken =
        served
            .replaceFirst("\"info\"\\s*:", "\"infox\":")
            .replace("#/components/schemas/AccountInput", "#/components/schemas/NoSuchSchema");
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(broken, null, options);

    assertThat(result.getMessages()).anySatisfy(m -> assertThat(m).contains("info"));
    assertThat(OpenApiFile.danglingReferences(OpenApiFile.json(broken)))
        .contains("#/components/schemas/NoSuchSchema");
  }

  @Test
  void everyOperationHasAUniqueIdTheBearerSchemeAndProblemDetailErrors() {
    JsonNode document = OpenApiFile.json(served);
    Set<String> ids = new TreeSet<>();
    document
        .path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        operation -> {
                          JsonNode op = operation.getValue();
                          String where = operation.getKey() + " " + path.getKey();
                          assertThat(ids.add(op.path("operationId").asString()))
                              .as("operation id of " + where + " is unique")
                              .isTrue();
                          assertThat(
                                  op.path("responses")
                                      .path("401")
                                      .path("content")
                                      .path("application/problem+json")
                                      .path("schema")
                                      .path("$ref")
                                      .asString())
                              .as("401 of " + where)
                              .isEqualTo("#/components/schemas/ProblemDetail");
                        }));
    assertThat(document.path("security").get(0).has("apiToken")).isTrue();
    assertThat(document.at("/components/securitySchemes/apiToken/scheme").asString())
        .isEqualTo("bearer");
    assertThat(document.at("/components/schemas/ProblemDetail/properties/field/type").asString())
        .isEqualTo("string");
    assertThat(
            document
                .at("/paths/~1api~1v1~1accounts/post/responses/400/content")
                .path("application/problem+json")
                .at("/examples/problem/value/field")
                .asString())
        .isIn(document.at("/components/schemas/AccountInput/properties").propertyNames().toArray());
  }

  @Test
  void theTablesOfSpecificAnswersNameOnlyOperationsThatExist() {
    Set<String> ids = new TreeSet<>();
    OpenApiFile.json(served)
        .path("paths")
        .forEach(path -> path.forEach(op -> ids.add(op.path("operationId").asString())));

    assertThat(ids).containsAll(ProblemResponsesCustomizer.SPECIFIC.keySet());
    assertThat(ids)
        .containsAll(
            SuccessResponses.NOT_200.keySet().stream()
                .filter(id -> !id.equals("outbox.submit")) // merged into submitRaw, same path
                .toList());
  }

  @Test
  void everyRequestExampleIsShownAndNamesOnlyPropertiesOfItsSchema() {
    JsonNode document = OpenApiFile.json(served);
    List<String> shown = new ArrayList<>();
    document
        .path("paths")
        .forEach(
            path ->
                path.forEach(
                    op -> {
                      JsonNode json = op.at("/requestBody/content").path("application/json");
                      if (!json.has("example")) {
                        return;
                      }
                      shown.add(op.path("operationId").asString());
                      String ref = json.at("/schema/$ref").asString();
                      JsonNode properties =
                          document
                              .path("components")
                              .path("schemas")
                              .path(ref.substring(ref.lastIndexOf('/') + 1))
                              .path("properties");
                      assertThat(json.path("example").propertyNames())
                          .as("example of " + op.path("operationId").asString())
                          .isSubsetOf(properties.propertyNames());
                    }));

    // outbox.submit shares its path and method with outbox.submitRaw: one operation, two bodies.
    assertThat(shown)
        .containsExactlyInAnyOrderElementsOf(
            RequestExamples.BY_OPERATION.keySet().stream()
                .map(id -> id.equals("outbox.submit") ? "outbox.submitRaw" : id)
                .toList());
  }

  @Test
  void theDocumentedStatusesAreTheOnesTheServerAnswers() throws Exception {
    JsonNode paths = OpenApiFile.json(served).path("paths");
    assertThat(paths.at("/~1api~1v1~1webhooks/post/responses").has("201")).isTrue();
    assertThat(paths.at("/~1api~1v1~1webhooks~1{id}/delete/responses").has("204")).isTrue();

    ApiClient api = ApiClient.withToken(mailgate.baseUrl(), apiToken);
    HttpResponse<String> created =
        api.post(
            "/api/v1/webhooks",
            "{\"url\": \"http://127.0.0.1:9/in\", \"events\": [\"message.received\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = ApiClient.json(created).at("/subscription/id").asString();
    assertThat(delete("/api/v1/webhooks/" + id).statusCode()).isEqualTo(204);
  }

  @Test
  void theDocumentAndSwaggerUiAreForLoggedInAdminsOnly() {
    AdminSession stranger = new AdminSession(mailgate.baseUrl());
    assertThat(stranger.get("/v3/api-docs").statusCode()).isEqualTo(302);
    assertThat(stranger.get("/swagger-ui/index.html").statusCode()).isEqualTo(302);

    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    assertThat(admin.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
  }
}
