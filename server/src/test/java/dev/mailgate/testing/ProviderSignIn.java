package dev.mailgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * "Authorize" done for real, for tests that need an authorized credential: the admin clicks the
 * button, the person signs in on the {@link LocalOAuthServer}'s form, and the browser follows the
 * redirect back to Mailgate's callback, which exchanges the code and stores the tokens.
 */
public final class ProviderSignIn {

  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final LocalOAuthServer provider;

  public ProviderSignIn(LocalOAuthServer provider) {
    this.provider = provider;
  }

  /** Authorizes the account as {@code identity}; fails unless Mailgate accepted the callback. */
  public void authorize(AdminSession admin, UUID accountId, String identity) {
    admin.get("/");
    HttpResponse<String> click = admin.postForm("/accounts/" + accountId + "/authorize", Map.of());
    URI authorize = URI.create(location(click));
    provider.nextSignInAs(identity);
    HttpResponse<String> form = send(HttpRequest.newBuilder(authorize).GET().build());
    HttpResponse<String> back =
        form.statusCode() == 302
            ? form
            : send(
                HttpRequest.newBuilder(authorize)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(provider.loginForm())))
                    .build());
    URI callback = URI.create(location(back));
    HttpResponse<String> done = admin.get(callback.getPath() + "?" + callback.getRawQuery());
    if (done.statusCode() != 302 || !location(done).contains("?authorized")) {
      throw new IllegalStateException(
          "the authorization was not accepted: HTTP " + done.statusCode() + "\n" + done.body());
    }
  }

  private static String location(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Location")
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no redirect: HTTP " + response.statusCode() + "\n" + response.body()));
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return browser.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
