package dev.mailgate.apidocs;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * An example request body for the operations an integrator writes first, shown by Swagger UI as the
 * body to start from. A test checks that each example names only properties of its schema.
 */
@Component
class RequestExamples implements org.springdoc.core.customizers.OperationCustomizer {

  static final Map<String, Map<String, Object>> BY_OPERATION =
      Map.of(
          "provider.create",
          Map.of(
              "preset", "MICROSOFT_365",
              "tenant", "contoso.onmicrosoft.com",
              "name", "Contoso",
              "clientId", "00000000-0000-0000-0000-000000000000",
              "clientSecret", "client secret from the app registration"),
          "profile.add",
          Map.of(
              "name",
              "IMAP and SMTP",
              "scopes",
              "openid email offline_access https://outlook.office.com/IMAP.AccessAsUser.All"
                  + " https://outlook.office.com/SMTP.Send"),
          "account.create",
          Map.of(
              "name", "Service desk inbox",
              "type", "IMAP",
              "address", "servicedesk@contoso.com",
              "host", "outlook.office365.com",
              "port", "993",
              "security", "SSL_TLS",
              "authMethod", "OAUTH2",
              "profileId", "3f2c0a4e-8d1b-4c55-9a57-0c7e1f4b2d90",
              "active", true),
          "outbox.submit",
          Map.of(
              "account", "8d0e5a52-4f0c-4b1e-9d53-2f6a1c3e7b14",
              "to", List.of("alice@example.com"),
              "subject", "Your ticket INC0010042",
              "text", "We are on it.",
              "html", "<p>We are on it.</p>"),
          "webhook.create",
          Map.of(
              "url",
              "https://crm.example.com/mailgate/events",
              "events",
              List.of("message.received", "message.failed")),
          "reader.configure",
          Map.of("postFetchAction", "MOVE", "moveFolder", "Processed", "idle", true),
          "smtpClient.create",
          Map.of("username", "crm", "account", "8d0e5a52-4f0c-4b1e-9d53-2f6a1c3e7b14"));

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    // The id as StableOperationNames gives it; customizers run in no guaranteed order.
    String id =
        StableOperationNames.feature(handler.getBeanType()) + "." + handler.getMethod().getName();
    Map<String, Object> example = BY_OPERATION.get(id);
    if (example == null
        || operation.getRequestBody() == null
        || operation.getRequestBody().getContent() == null) {
      return operation;
    }
    MediaType json = operation.getRequestBody().getContent().get("application/json");
    if (json != null) {
      json.setExample(new java.util.TreeMap<>(example));
    }
    return operation;
  }
}
