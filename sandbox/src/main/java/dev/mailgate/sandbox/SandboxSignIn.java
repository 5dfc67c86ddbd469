package dev.mailgate.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Gets tokens from the sandbox provider the way a browser and an app would, through its real
 * endpoints: the authorization request, the sign-in form (filled in as its page's script does), and
 * the token endpoint. For tests that need a token without a browser.
 */
public final class SandboxSignIn {

  public static final String CLIENT_ID = "sandbox-test-client";
  private static final String REDIRECT = "http://127.0.0.1/callback";
  private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

  /** The tokens of a sign-in; never print them. */
  public record Tokens(String accessToken, String refreshToken, String idToken) {
    @Override
    public String toString() {
      return "Tokens[hidden]";
    }
  }

  private final SandboxOAuthProvider provider;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  public SandboxSignIn(SandboxOAuthProvider provider) {
    this.provider = provider;
  }

  /** Signs in as this identity asking for these scopes; returns the tokens. */
  public Tokens as(String identity, List<String> scopes) {
    String scope = String.join(" ", scopes);
    URI authorize =
        URI.create(
            provider.authorizationUrl()
                + "?"
                + form(
                    Map.of(
                        "response_type",
                        "code",
                        "client_id",
                        CLIENT_ID,
                        "redirect_uri",
                        REDIRECT,
                        "scope",
                        scope,
                        "state",
                        "test",
                        "prompt",
                        "login")));
    HttpResponse<String> redirect =
        post(authorize, Map.of("username", identity, "claims", loginClaims(identity, scope)));
    String location = redirect.headers().firstValue("Location").orElse("");
    Matcher code = CODE.matcher(location);
    if (!code.find()) {
      throw new IllegalStateException("the sandbox sign-in did not return a code: " + location);
    }
    return tokenRequest(
        Map.of(
            "grant_type", "authorization_code", "code", code.group(1), "redirect_uri", REDIRECT));
  }

  /** Exchanges a refresh token; fails with the provider's error (e.g. invalid_grant). */
  public Tokens refresh(String refreshToken) {
    return tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
  }

  /** Revokes a refresh token (RFC 7009), as a user withdrawing consent would. */
  public int revokeRefreshToken(String refreshToken) {
    return post(
            URI.create(provider.revocationUrl()),
            Map.of(
                "token",
                refreshToken,
                "token_type_hint",
                "refresh_token",
                "client_id",
                CLIENT_ID,
                "client_secret",
                "secret"))
        .statusCode();
  }

  /** The claims the sign-in page's script submits with the identity. */
  public static String loginClaims(String identity, String scope) {
    return "{\"email\":\""
        + identity
        + "\",\"preferred_username\":\""
        + identity
        + "\",\"upn\":\""
        + identity
        + "\",\"scp\":\""
        + scope
        + "\",\"scope\":\""
        + scope
        + "\"}";
  }

  private Tokens tokenRequest(Map<String, String> grant) {
    Map<String, String> fields = new LinkedHashMap<>(grant);
    fields.put("client_id", CLIENT_ID);
    fields.put("client_secret", "secret");
    HttpResponse<String> response = post(URI.create(provider.tokenUrl()), fields);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "token endpoint answered " + response.statusCode() + ": " + response.body());
    }
    return new Tokens(
        field(response.body(), "access_token"),
        field(response.body(), "refresh_token"),
        field(response.body(), "id_token"));
  }

  private static String field(String json, String name) {
    Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return value.find() ? value.group(1) : null;
  }

  private HttpResponse<String> post(URI uri, Map<String, String> fields) {
    try {
      return http.send(
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
