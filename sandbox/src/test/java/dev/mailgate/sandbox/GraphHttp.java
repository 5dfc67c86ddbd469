package dev.mailgate.sandbox;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain HTTP calls to the Graph stand-in, as any Graph client makes them. */
final class GraphHttp {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String token;
  private final List<String> headers;

  GraphHttp(String base, String token, String... headers) {
    this.base = base;
    this.token = token;
    this.headers = List.of(headers);
  }

  GraphHttp immutableIds() {
    String[] more = headers.toArray(new String[0]);
    String[] all = java.util.Arrays.copyOf(more, more.length + 2);
    all[more.length] = "Prefer";
    all[more.length + 1] = "IdType=\"ImmutableId\"";
    return new GraphHttp(base, token, all);
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  HttpResponse<String> post(String path, String contentType, String body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> postJson(String path, String json) {
    return post(path, "application/json", json);
  }

  HttpResponse<String> patchJson(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> delete(String path) {
    return send(request(path).DELETE());
  }

  static Map<String, Object> json(HttpResponse<String> response) {
    try {
      return JSONObjectUtils.parse(response.body());
    } catch (java.text.ParseException e) {
      throw new AssertionError("not JSON: " + response.statusCode() + " " + response.body(), e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> value(HttpResponse<String> response) {
    return (List<Map<String, Object>>) json(response).get("value");
  }

  @SuppressWarnings("unchecked")
  static String errorCode(HttpResponse<String> response) {
    return (String) ((Map<String, Object>) json(response).get("error")).get("code");
  }

  static Map<String, Object> map(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
            .timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.size(); i += 2) {
      request.header(headers.get(i), headers.get(i + 1));
    }
    return request;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
