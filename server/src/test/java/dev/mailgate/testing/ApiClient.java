package dev.mailgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An application calling the REST API: no cookies, no redirects followed, and an API token as
 * bearer token when it has one ({@code ApiClient.anonymous(url)}, {@code ApiClient.withToken(url,
 * secret)}).
 */
public final class ApiClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String baseUrl;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private ApiClient(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  public static ApiClient anonymous(String baseUrl) {
    return new ApiClient(baseUrl, null);
  }

  public static ApiClient withToken(String baseUrl, String token) {
    return new ApiClient(baseUrl, token);
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  public HttpResponse<String> post(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A JSON POST with extra request headers, e.g. an {@code Idempotency-Key}. */
  public HttpResponse<String> post(
      String path, String json, java.util.Map<String, String> headers) {
    HttpRequest.Builder request =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(request::header);
    return send(request);
  }

  /** The body of a JSON response, parsed. */
  public static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
