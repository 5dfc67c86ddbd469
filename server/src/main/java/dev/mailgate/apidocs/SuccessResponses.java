package dev.mailgate.apidocs;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * The success status each operation really answers. springdoc documents 200 for every method that
 * returns a {@link ResponseEntity}, since the status is chosen at run time; here a {@code
 * ResponseEntity<Void>} becomes 204, and the operations listed in {@link #NOT_200} get their status
 * (a test checks that each of them exists and that a created account answers 201 as documented).
 */
@Component
class SuccessResponses implements org.springdoc.core.customizers.OperationCustomizer {

  /** By operation id: the status answered instead of 200, and when. */
  static final Map<String, String> NOT_200 =
      Map.of(
          "account.create", "201",
          "provider.create", "201",
          "profile.add", "201",
          "webhook.create", "201",
          "smtpClient.create", "201",
          "deviceAuthorization.start", "201",
          "webhook.redeliver", "202",
          "outbox.submit", "202",
          "outbox.submitRaw", "202");

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    ApiResponses responses = operation.getResponses();
    ApiResponse ok = responses.get("200");
    if (ok == null) {
      return operation;
    }
    if (returnsNoBody(handler)) {
      responses.remove("200");
      responses.addApiResponse("204", new ApiResponse().description("Done; no content."));
      return operation;
    }
    // The id as StableOperationNames gives it; customizers run in no guaranteed order.
    String id =
        StableOperationNames.feature(handler.getBeanType()) + "." + handler.getMethod().getName();
    String status = NOT_200.get(id);
    if (status == null) {
      return operation;
    }
    responses.remove("200");
    switch (status) {
      case "201" ->
          responses.addApiResponse(
              "201",
              ok.description("Created; `Location` names the new resource.")
                  .addHeaderObject("Location", location()));
      case "202" -> {
        responses.addApiResponse(
            "202",
            ok.description("Accepted: queued; `Location` names its outbox entry.")
                .addHeaderObject("Location", location()));
        if (id.startsWith("outbox.submit")) {
          // The same entry again when the Idempotency-Key was seen before.
          responses.addApiResponse(
              "200",
              new ApiResponse()
                  .description("Replayed: this Idempotency-Key was seen before; its entry.")
                  .content(ok.getContent()));
        }
      }
      default -> responses.addApiResponse(status, ok);
    }
    return operation;
  }

  private static Header location() {
    return new Header().schema(new StringSchema().format("uri-reference"));
  }

  private static boolean returnsNoBody(HandlerMethod handler) {
    Type type = handler.getMethod().getGenericReturnType();
    return type instanceof ParameterizedType entity
        && entity.getRawType() == ResponseEntity.class
        && entity.getActualTypeArguments()[0] == Void.class;
  }
}
