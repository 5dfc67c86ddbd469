package dev.mailgate.apidocs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Gives every operation the errors it can answer, as RFC 9457 problem details: springdoc sees only
 * the success type a controller method returns, not the {@code MailgateException}s behind it nor
 * the security filters in front of it.
 *
 * <p>Every operation can answer 401 (no or an unknown token), 403 (the token may not do that) and
 * 500; one with a path parameter 404; one with a body or query parameters 400 naming the {@code
 * field}. The rarer answers (409, 502, 503) are listed per operation in {@link #SPECIFIC}, checked
 * by a test against the document's operation ids so the table cannot name an operation that is
 * gone.
 */
@Component
class ProblemResponsesCustomizer implements OpenApiCustomizer {

  /**
   * Spring's own {@code ProblemDetail} schema (springdoc's reading of the class, where a batch
   * result embeds one) is replaced by this one, so there is one problem schema.
   */
  static final String PROBLEM_SCHEMA = "ProblemDetail";

  static final String PROBLEM_JSON =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  private static final String DISCOVERY_FAILED =
      "A preset that discovers the provider (OpenID, Microsoft) could not read its OpenID"
          + " discovery document, or it is not valid.";

  /** Answers an operation gives beyond the common ones, by operation id: status -> when. */
  static final Map<String, Map<String, String>> SPECIFIC =
      Map.ofEntries(
          Map.entry(
              "provider.delete",
              Map.of("409", "Profiles or accounts still use the provider: `accounts` lists them.")),
          Map.entry(
              "profile.delete",
              Map.of("409", "Accounts still use the profile: `accounts` lists them.")),
          Map.entry("provider.create", Map.of("502", DISCOVERY_FAILED)),
          Map.entry("provider.update", Map.of("502", DISCOVERY_FAILED)),
          Map.entry(
              "outbox.cancel",
              Map.of(
                  "409", "The entry is in a state that cannot be cancelled: `state` says which.")),
          Map.entry(
              "outbox.retry",
              Map.of("409", "The entry is in a state that cannot be retried: `state` says which.")),
          Map.entry(
              "credential.refresh",
              Map.of(
                  "409",
                      "The credential needs re-authorization: the provider withdrew the consent.",
                  "503", "The provider's token endpoint did not answer; try again later.")),
          Map.entry(
              "masterKey.rotate",
              Map.of("409", "A rotation is already running or the keyset cannot be changed.")),
          Map.entry("masterKey.reencrypt", Map.of("409", "The keyset cannot be changed now.")),
          Map.entry(
              "masterKey.remove",
              Map.of("409", "The key is the primary or still encrypts secrets.")));

  @Override
  public void customise(OpenAPI api) {
    api.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
    if (api.getPaths() == null) {
      return;
    }
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach((method, operation) -> addErrors(api, path, operation)));
  }

  private void addErrors(OpenAPI api, String path, Operation operation) {
    ApiResponses responses = operation.getResponses();
    List<Parameter> parameters =
        operation.getParameters() == null ? List.of() : operation.getParameters();
    boolean takesInput =
        operation.getRequestBody() != null
            || parameters.stream().anyMatch(p -> "query".equals(p.getIn()));
    if (takesInput) {
      add(
          responses,
          "400",
          "The input is refused: `field` names the field at fault, `detail` says why and what to do.",
          invalidInput(api, path, operation, parameters));
    }
    add(
        responses,
        "401",
        "No API token, or one that is unknown or revoked.",
        example(
            401,
            "Unauthorized",
            "This API needs an API token: create one in the admin UI under Integrations > API tokens and send it as 'Authorization: Bearer <token>'.",
            path,
            null));
    add(
        responses,
        "403",
        "The API token may not do that.",
        example(403, "Forbidden", "This API token may not do that.", path, null));
    if (parameters.stream().anyMatch(p -> "path".equals(p.getIn()))) {
      add(
          responses,
          "404",
          "No such thing: `detail` says which id was not found.",
          example(404, "Not found", "There is no such item.", path, null));
    }
    Map<String, String> specific = SPECIFIC.getOrDefault(operation.getOperationId(), Map.of());
    new TreeMap<>(specific).forEach((status, when) -> add(responses, status, when, null));
    add(
        responses,
        "500",
        "Mailgate could not complete the request; the server log has the details under `reference`.",
        example(
            500,
            "Internal error",
            "Mailgate could not complete the request. The server log has the details under reference 1a2b3c4d.",
            path,
            null));
  }

  /** A 400 example naming a field this operation really takes. */
  private static Map<String, Object> invalidInput(
      OpenAPI api, String path, Operation operation, List<Parameter> parameters) {
    String field =
        parameters.stream()
            .filter(p -> "query".equals(p.getIn()))
            .map(Parameter::getName)
            .findFirst()
            .orElse(null);
    if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
      MediaType json = operation.getRequestBody().getContent().get("application/json");
      String ref = json == null || json.getSchema() == null ? null : json.getSchema().get$ref();
      Schema<?> body =
          ref == null
              ? null
              : api.getComponents().getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
      if (body != null && body.getProperties() != null && !body.getProperties().isEmpty()) {
        field = body.getProperties().keySet().iterator().next();
      }
    }
    if (field == null) {
      field = "body";
    }
    return example(
        400,
        "Invalid input",
        "'" + field + "' is not valid here: this sentence says why and what to write instead.",
        path,
        field);
  }

  private static void add(
      ApiResponses responses, String status, String description, Map<String, Object> example) {
    if (responses.containsKey(status)) {
      return;
    }
    MediaType media =
        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA));
    if (example != null) {
      media.addExamples("problem", new Example().value(example));
    }
    responses.addApiResponse(
        status,
        new ApiResponse()
            .description(description)
            .content(new Content().addMediaType(PROBLEM_JSON, media)));
  }

  private static Map<String, Object> example(
      int status, String title, String detail, String path, String field) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("instance", path);
    if (field != null) {
      problem.put("field", field);
    }
    return problem;
  }

  /** RFC 9457's members, and the ones Mailgate adds. */
  private static Schema<?> problemSchema() {
    ObjectSchema problem = new ObjectSchema();
    problem.description(
        "An RFC 9457 problem detail. Further members carry the identifiers needed to act (e.g. `accounts`, `state`).");
    problem.addProperty(
        "type",
        new StringSchema()
            .format("uri-reference")
            .description(
                "A URI identifying the kind of problem; `about:blank` when the title says it all."));
    problem.addProperty(
        "title", new StringSchema().description("A short, stable summary of the kind of problem."));
    problem.addProperty("status", new IntegerSchema().description("The HTTP status code."));
    problem.addProperty(
        "detail",
        new StringSchema().description("What is wrong with this request and what to do about it."));
    problem.addProperty(
        "instance", new StringSchema().format("uri-reference").description("The request path."));
    problem.addProperty(
        "field",
        new StringSchema()
            .description(
                "The input field at fault, where one is (e.g. `email`, `to`, `recipient[0]`)."));
    problem.addProperty(
        "reference",
        new StringSchema()
            .description("On a 500: the reference under which the server log has the details."));
    problem.additionalProperties(true);
    return problem;
  }
}
