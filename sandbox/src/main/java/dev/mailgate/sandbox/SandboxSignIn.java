package dev.mailgate.sandbox;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gets tokens from the sandbox provider the way a browser and an app would, through its real
 * endpoints: the authorization request (PKCE S256, state, nonce), the sign-in form, the token
 * endpoint. For tests that need a token without a browser.
 */
public final class SandboxSignIn {

  public static final String CLIENT_ID = "sandbox-test-client";
  private static final String CLIENT_SECRET = "sandbox-test-secret";
  private static final String REDIRECT = "http://127.0.0.1/callback";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The tokens of a sign-in; never print them. */
  public record Tokens(String accessToken, String refreshToken, String idToken) {
    @Override
    public String toString() {
      return "Tokens[hidden]";
    }
  }

  private final SandboxOAuthProvider provider;

  public SandboxSignIn(SandboxOAuthProvider provider) {
    this.provider = provider;
  }

  /**
   * Signs in as this identity asking for these scopes; returns the tokens. The scopes must include
   * {@code openid}: mock-oauth2-server reads every authorization request as an OpenID one.
   */
  public Tokens as(String identity, List<String> scopes) {
    return as(identity, scopes, UUID.randomUUID().toString());
  }

  /** Signs in as this identity; the ID token carries this nonce. */
  public Tokens as(String identity, List<String> scopes, String nonce) {
    String verifier = randomUrlSafe();
    Map<String, String> authorization = new LinkedHashMap<>();
    authorization.put("response_type", "code");
    authorization.put("client_id", CLIENT_ID);
    authorization.put("redirect_uri", REDIRECT);
    authorization.put("scope", String.join(" ", scopes));
    authorization.put("state", randomUrlSafe());
    authorization.put("nonce", nonce);
    authorization.put("code_challenge", challengeOf(verifier));
    authorization.put("code_challenge_method", "S256");
    authorization.put("login_hint", identity);
    String authorize = provider.authorizationUrl() + "?" + ProviderHttp.form(authorization);
    HttpResponse<String> signedIn = ProviderHttp.postForm(authorize, Map.of("username", identity));
    String code = queryParameter(signedIn.headers().firstValue("Location").orElse(""), "code");
    if (code == null) {
      throw new SandboxException(
          "the sandbox sign-in did not redirect with a code: "
              + signedIn.statusCode()
              + " "
              + signedIn.body());
    }
    return tokenRequest(
        Map.of(
            "grant_type", "authorization_code",
            "code", code,
            "redirect_uri", REDIRECT,
            "code_verifier", verifier));
  }

  /** Exchanges a refresh token; a refusal throws {@link SandboxTokenException}. */
  public Tokens refresh(String refreshToken) {
    return tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
  }

  /** An app-only token (client credentials grant) carrying these scopes. */
  public Tokens clientCredentials(List<String> scopes) {
    return tokenRequest(
        Map.of("grant_type", "client_credentials", "scope", String.join(" ", scopes)));
  }

  /**
   * Revokes a refresh token (RFC 7009), as a user withdrawing consent would.
   *
   * @return the revocation endpoint's HTTP status, 200 when done
   */
  public int revokeRefreshToken(String refreshToken) {
    return ProviderHttp.postForm(
            provider.revocationUrl(),
            Map.of(
                "token", refreshToken,
                "token_type_hint", "refresh_token",
                "client_id", CLIENT_ID,
                "client_secret", CLIENT_SECRET))
        .statusCode();
  }

  /**
   * The claims the sandbox gives a sign-in as this identity with these (space-separated) scopes.
   * The provider decides them itself; a form may post them in its {@code claims} field, they are
   * replaced anyway.
   */
  public static String loginClaims(String identity, String scope) {
    return SignInClaims.json(identity, scope, null, new SandboxDirectory());
  }

  private Tokens tokenRequest(Map<String, String> grant) {
    Map<String, String> fields = new LinkedHashMap<>(grant);
    fields.put("client_id", CLIENT_ID);
    fields.put("client_secret", CLIENT_SECRET);
    HttpResponse<String> response = ProviderHttp.postForm(provider.tokenUrl(), fields);
    Map<String, Object> body = json(response);
    if (response.statusCode() != 200) {
      throw new SandboxTokenException(
          response.statusCode(),
          String.valueOf(body.get("error")),
          String.valueOf(body.get("error_description")));
    }
    return new Tokens(
        (String) body.get("access_token"),
        (String) body.get("refresh_token"),
        (String) body.get("id_token"));
  }

  private static Map<String, Object> json(HttpResponse<String> response) {
    try {
      return JSONObjectUtils.parse(response.body());
    } catch (ParseException e) {
      throw new SandboxException(
          "the sandbox token endpoint answered " + response.statusCode() + " without JSON", e);
    }
  }

  private static String queryParameter(String location, String name) {
    String query = location.isEmpty() ? null : URI.create(location).getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      String[] parts = pair.split("=", 2);
      if (parts.length == 2 && parts[0].equals(name)) {
        return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String randomUrlSafe() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String challengeOf(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new SandboxException("no SHA-256", e);
    }
  }
}
