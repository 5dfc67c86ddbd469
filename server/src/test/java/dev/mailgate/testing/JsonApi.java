package dev.mailgate.testing;

import dev.mailgate.security.apitoken.ApiTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API with JSON both ways, as the registry tests call it: any object as the request body,
 * the reply as status + parsed JSON, a fresh API token of its own.
 */
public final class JsonApi {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String baseUrl;
  private final String token;
  private final HttpClient http = HttpClient.newHttpClient();

  public JsonApi(RunningMailgate mailgate) {
    this.baseUrl = mailgate.baseUrl();
    this.token = mailgate.bean(ApiTokens.class).issue("tests", "admin").secret();
  }

  /** A response: its status and, if it has one, its JSON body. */
  public record Reply(int status, JsonNode json, String contentType) {

    public String text(String field) {
      JsonNode value = json.get(field);
      return value == null || value.isNull() ? null : value.asString();
    }
  }

  public Reply get(String path) {
    return send(request(path).GET());
  }

  public Reply post(String path, Object body) {
    return send(request(path).POST(json(body)));
  }

  /** A POST with extra request headers, e.g. an {@code Idempotency-Key}. */
  public Reply post(String path, Object body, Map<String, String> headers) {
    HttpRequest.Builder request = request(path).POST(json(body));
    headers.forEach(request::header);
    return send(request);
  }

  /** A POST of bytes of another type, e.g. a {@code message/rfc822} submission. */
  public Reply post(String path, String contentType, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request =
        request(path)
            .setHeader("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return send(request);
  }

  public Reply put(String path, Object body) {
    return send(request(path).PUT(json(body)));
  }

  public Reply delete(String path) {
    return send(request(path).DELETE());
  }

  /** An id from a reply, e.g. of the thing just created. */
  public static String id(Reply reply) {
    return reply.text("id");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, application/problem+json");
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Reply(
          response.statusCode(),
          body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body),
          response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A JSON object from alternating names and values, keeping nulls out. */
  public static Map<String, Object> body(Object... namesAndValues) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        body.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return body;
  }
}
