package dev.mailgate.system;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;

/**
 * Warnings in the REST API's answer (issue 16): a request that was done all the same but with
 * something the client should know carries one {@value #HEADER} header per warning, {@code
 * "<field>: <what>"}. A JSON field Mailgate does not know (a typo such as {@code subjct}) is
 * ignored, as before, but no longer silently: its place in the JSON is named. A message without a
 * subject is queued with a warning ({@code outbound/OutboxApiController}).
 */
@Configuration(proxyBeanMethods = false)
public class ApiWarnings {

  /** The response header of each warning. */
  public static final String HEADER = "Mailgate-Warning";

  private static final String ATTRIBUTE = ApiWarnings.class.getName();

  /** Adds a warning to the answer of the request being handled (none outside a request). */
  public static void warn(String warning) {
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request == null) {
      return;
    }
    @SuppressWarnings("unchecked")
    List<String> warnings =
        (List<String>) request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    if (warnings == null) {
      warnings = new ArrayList<>();
      request.setAttribute(ATTRIBUTE, warnings, RequestAttributes.SCOPE_REQUEST);
    }
    warnings.add(warning);
  }

  @Bean
  JsonMapperBuilderCustomizer unknownFieldsAreWarnedOf() {
    return builder -> builder.addHandler(new UnknownFields());
  }

  /** Skips an unknown field, as Spring's default does, and says so in the answer. */
  static final class UnknownFields extends DeserializationProblemHandler {
    @Override
    public boolean handleUnknownProperty(
        DeserializationContext context,
        JsonParser parser,
        ValueDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName) {
      warn(
          path(parser.streamReadContext().pathAsPointer().toString())
              + ": unknown field, ignored; check its spelling against the API reference");
      parser.skipChildren();
      return true;
    }

    /** {@code /attachments/0/nme} as the API's refusals name places: {@code attachments[0].nme}. */
    static String path(String pointer) {
      StringBuilder path = new StringBuilder();
      for (String step : pointer.split("/")) {
        if (step.isEmpty()) {
          continue;
        }
        if (step.chars().allMatch(Character::isDigit)) {
          path.append('[').append(step).append(']');
        } else {
          path.append(path.isEmpty() ? "" : ".").append(step.replace("~1", "/").replace("~0", "~"));
        }
      }
      return path.toString();
    }
  }

  /** Writes the request's warnings into the answer of every API controller. */
  @ControllerAdvice(annotations = ApiController.class)
  static class Headers implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(
        MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
      return true;
    }

    @Override
    public Object beforeBodyWrite(
        Object body,
        MethodParameter returnType,
        MediaType selectedContentType,
        Class<? extends HttpMessageConverter<?>> selectedConverterType,
        ServerHttpRequest request,
        ServerHttpResponse response) {
      RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
      Object warnings =
          attributes == null
              ? null
              : attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
      if (warnings instanceof List<?> list) {
        list.forEach(w -> response.getHeaders().add(HEADER, w.toString()));
      }
      return body;
    }
  }
}
