package dev.mailgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The admin's browser through an Authorize against {@link LocalOAuthServer}: Mailgate's button,
 * then the provider's form, then the way back to Mailgate's callback.
 */
public final class ProviderSignIn {

  private final LocalOAuthServer oauth;
  private final HttpClient browserAtProvider =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  public ProviderSignIn(LocalOAuthServer oauth) {
    this.oauth = oauth;
  }

  /** Clicks Authorize on the account's page; returns the provider's authorize URL. */
  public static URI clickAuthorize(AdminSession admin, UUID accountId) {
    admin.get("/");
    HttpResponse<String> response =
        admin.postForm("/accounts/" + accountId + "/authorize", Map.of());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    return URI.create(response.headers().firstValue("Location").orElseThrow());
  }

  /** Signs in at the provider as {@code identity}; returns Mailgate's callback path and query. */
  public String signIn(URI authorize, String identity) {
    oauth.nextSignInAs(identity);
    return signIn(authorize);
  }

  /**
   * Signs in at the provider as whoever {@link LocalOAuthServer#nextSignInAs} named; returns
   * Mailgate's callback path and query.
   */
  public String signIn(URI authorize) {
    try {
      HttpResponse<String> response =
          browserAtProvider.send(
              HttpRequest.newBuilder(authorize).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) { // the provider's sign-in form (prompt=select_account)
        response =
            browserAtProvider.send(
                HttpRequest.newBuilder(authorize)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            BrowserAtProvider.encode(oauth.loginForm())))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      }
      assertThat(response.statusCode()).isEqualTo(302);
      URI back = URI.create(response.headers().firstValue("Location").orElseThrow());
      assertThat(back.getPath()).isEqualTo("/oauth_redirect.do");
      return back.getPath() + "?" + back.getRawQuery();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The decoded query parameters of a URL, e.g. the provider's authorize URL. */
  public static Map<String, String> query(URI uri) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int equals = pair.indexOf('=');
      query.put(
          URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return query;
  }
}
