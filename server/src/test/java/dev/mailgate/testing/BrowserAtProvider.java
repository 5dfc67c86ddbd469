package dev.mailgate.testing;

import dev.mailgate.sandbox.SandboxSignIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The admin's browser during "Authorize": clicks the button in Mailgate, signs in on the sandbox
 * provider's page as someone (filling the form as its page script does), and follows the redirect
 * back to Mailgate's callback. For tests that need an authorized account without a real browser;
 * the browser test does the same with Chromium.
 */
public final class BrowserAtProvider {

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  /** Authorizes the account as {@code identity}; returns Mailgate's answer to the callback. */
  public HttpResponse<String> authorize(AdminSession admin, UUID accountId, String identity) {
    admin.get("/");
    HttpResponse<String> click = admin.postForm("/accounts/" + accountId + "/authorize", Map.of());
    URI authorize = URI.create(click.headers().firstValue("Location").orElseThrow());
    String scope = query(authorize, "scope");
    HttpResponse<String> back =
        send(
            HttpRequest.newBuilder(authorize)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(
                            Map.of(
                                "username",
                                identity,
                                "claims",
                                SandboxSignIn.loginClaims(identity, scope)))))
                .build());
    URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
    return admin.get(callback.getPath() + "?" + callback.getRawQuery());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String query(URI uri, String name) {
    for (String pair : uri.getRawQuery().split("&")) {
      String[] parts = pair.split("=", 2);
      if (parts[0].equals(name)) {
        return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
