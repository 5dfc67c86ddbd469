package dev.mailgate.apidocs;

import io.swagger.v3.oas.models.Operation;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Names every operation after its controller and method ({@code account.create}, {@code
 * outbox.retry}) and tags it with its feature ("Account authorization"), instead of springdoc's
 * defaults ({@code create_3}, "account-authorization-api-controller"). Why: a numbered id changes
 * when another controller gains a method of the same name, which would rewrite the committed
 * document, break generated clients and the error table of {@link ProblemResponsesCustomizer}.
 */
@Component
class StableOperationNames implements org.springdoc.core.customizers.OperationCustomizer {

  private static final String SUFFIX = "ApiController";

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    String feature = feature(handler.getBeanType());
    operation.setOperationId(feature + "." + handler.getMethod().getName());
    operation.setTags(List.of(tag(feature)));
    return operation;
  }

  /** {@code AccountAuthorizationApiController} -> {@code accountAuthorization}. */
  static String feature(Class<?> controller) {
    String name = controller.getSimpleName();
    if (name.endsWith(SUFFIX)) {
      name = name.substring(0, name.length() - SUFFIX.length());
    }
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  /** {@code accountAuthorization} -> {@code Account authorization}. */
  static String tag(String feature) {
    String words = feature.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
