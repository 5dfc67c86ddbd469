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
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The admin's browser during "Authorize", without a real browser: clicks the button in Mailgate,
 * signs in on the provider's page as someone, and follows the redirect back to Mailgate's callback.
 * The browser test does the same with Chromium.
 */
public final class BrowserAtProvider {

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final Function<String, Map<String, String>> signInForm;

  /** At the sandbox provider, whose sign-in page asks only for the address. */
  public BrowserAtProvider() {
    this(identity -> Map.of("username", identity));
  }

  /** At a {@link LocalOAuthServer}: its form takes the identity and its claims. */
  public static BrowserAtProvider at(LocalOAuthServer provider) {
    return new BrowserAtProvider(
        identity -> {
          provider.nextSignInAs(identity);
          return provider.loginForm();
        });
  }

  private BrowserAtProvider(Function<String, Map<String, String>> signInForm) {
    this.signInForm = signInForm;
  }

  /** Authorizes the account as {@code identity}; returns Mailgate's answer to the callback. */
  public HttpResponse<String> authorize(AdminSession admin, UUID accountId, String identity) {
    admin.get("/");
    HttpResponse<String> click = admin.postForm("/accounts/" + accountId + "/authorize", Map.of());
    URI authorize = URI.create(location(click));
    Map<String, String> form = signInForm.apply(identity);
    HttpResponse<String> page = send(HttpRequest.newBuilder(authorize).GET().build());
    HttpResponse<String> back =
        page.statusCode() == 302
            ? page
            : send(
                HttpRequest.newBuilder(authorize)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                    .build());
    URI callback = URI.create(location(back));
    return admin.get(callback.getPath() + "?" + callback.getRawQuery());
  }

  /** As {@link #authorize}, failing unless Mailgate accepted the authorization. */
  public void authorizeOrFail(AdminSession admin, UUID accountId, String identity) {
    HttpResponse<String> done = authorize(admin, accountId, identity);
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
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A form body: the fields URL-encoded, joined with {@code &}. */
  static String encode(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
