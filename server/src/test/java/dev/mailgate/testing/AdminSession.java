package dev.mailgate.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP session against the admin UI: keeps the session cookie and sends the CSRF
 * token it finds in the last page's forms, as a browser submitting those forms would.
 */
public final class AdminSession {

  private static final Pattern ISSUED_SECRET =
      Pattern.compile("id=\"issued-secret\"[^>]*>([^<]+)<");
  private static final Pattern CSRF =
      Pattern.compile(
          "name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

  private final String baseUrl;
  private final HttpClient http;
  private String lastCsrf;

  public AdminSession(String baseUrl) {
    this.baseUrl = baseUrl;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  private AdminSession(String baseUrl, HttpClient http) {
    this.baseUrl = baseUrl;
    this.http = http;
  }

  /**
   * The same browser (same cookies) talking to another Mailgate, e.g. a second node behind one load
   * balancer: browsers keep cookies per host name, not per port.
   */
  public AdminSession at(String otherBaseUrl) {
    return new AdminSession(otherBaseUrl, http);
  }

  /** Logs in through the login form; returns the final response after the redirect. */
  public HttpResponse<String> login(String username, String password) {
    get("/login");
    HttpResponse<String> response =
        postForm("/login", Map.of("username", username, "password", password));
    String location = response.headers().firstValue("Location").orElse("");
    return location.isEmpty() ? response : get(URI.create(location).getPath() + query(location));
  }

  /**
   * Creates an API token under Integrations > API tokens; returns the secret the page shows once.
   */
  public String issueApiToken(String name) {
    get("/settings/api-tokens");
    HttpResponse<String> page =
        postForm("/settings/api-tokens", Map.of("name", name, "scopes", "admin"));
    Matcher secret = ISSUED_SECRET.matcher(page.body());
    if (page.statusCode() != 200 || !secret.find()) {
      throw new IllegalStateException(
          "no API token was issued: HTTP " + page.statusCode() + "\n" + page.body());
    }
    return secret.group(1);
  }

  public HttpResponse<String> get(String path) {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    Matcher matcher = CSRF.matcher(response.body());
    if (matcher.find()) {
      lastCsrf = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }
    return response;
  }

  /** Submits a form with the CSRF token of the last page, as the browser would. */
  public HttpResponse<String> postForm(String path, Map<String, String> fields) {
    Map<String, String> withCsrf = new LinkedHashMap<>(fields);
    if (lastCsrf != null) {
      withCsrf.put("_csrf", lastCsrf);
    }
    return postFormWithoutCsrf(path, withCsrf);
  }

  /** Submits a form exactly as given, e.g. without a CSRF token, as a forged request would. */
  public HttpResponse<String> postFormWithoutCsrf(String path, Map<String, String> fields) {
    String body =
        fields.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String query(String location) {
    String query = URI.create(location).getRawQuery();
    return query == null ? "" : "?" + query;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
