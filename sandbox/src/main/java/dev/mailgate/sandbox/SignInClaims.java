package dev.mailgate.sandbox;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;

/**
 * The claims of a person who signed in on the sandbox page, decided by the provider as a real one
 * decides them from its directory: whatever claims a sign-in form posts are replaced.
 *
 * <p>mock-oauth2-server takes the claims of an interactive login from a {@code claims} form field;
 * {@link #withProviderClaims} rewrites that field before mock-oauth2-server reads it, so a test (or
 * a person) cannot sign in as one mailbox and get a token claiming another.
 */
final class SignInClaims {

  private SignInClaims() {}

  /**
   * {@code sub}, the three identity claims Microsoft and Google use, and the scopes granted. Graph
   * scopes are asked for with their resource ({@code https://graph.microsoft.com/Mail.Read}); as
   * Entra ID does, the token names them without it in {@code scp} and is for that resource ({@code
   * aud}). mock-oauth2-server puts a sign-in's claims into the ID token as well, whose audience
   * must stay the client (OpenID Connect Core 3.1.3.7): both are named, with the client as the
   * authorized party ({@code azp}), so the ID token still passes a client's check.
   */
  static Map<String, Object> of(String identity, String scope) {
    return of(identity, scope, null, new SandboxDirectory());
  }

  /**
   * As {@link #of(String, String)}; a person of the directory is named by UPN only.
   *
   * @param clientId the client the person signs in to, or null when not known (then a Graph token
   *     names Graph alone)
   */
  static Map<String, Object> of(
      String identity, String scope, String clientId, SandboxDirectory directory) {
    String asked = Objects.requireNonNullElse(scope, "").strip();
    String scopes = withoutGraphPrefix(asked);
    Map<String, Object> claims = new LinkedHashMap<>();
    if (asksForGraph(asked)) {
      if (clientId == null || clientId.isBlank()) {
        claims.put("aud", SandboxScopes.GRAPH);
      } else {
        claims.put("aud", List.of(SandboxScopes.GRAPH, clientId));
        claims.put("azp", clientId);
      }
    }
    claims.put("sub", subjectOf(identity));
    var person = directory.byUpn(identity);
    if (person.isEmpty()) {
      claims.put("email", identity);
    }
    String name = person.map(SandboxDirectory.User::userPrincipalName).orElse(identity);
    claims.put("preferred_username", name);
    claims.put("upn", name);
    claims.put("scp", scopes);
    claims.put("scope", scopes);
    return claims;
  }

  /**
   * Whether any of these space-separated scopes is Graph's: with Graph's resource ({@code
   * https://graph.microsoft.com/Mail.Read}), or, as Entra ID takes a permission without a resource,
   * a bare dotted name ({@code Mail.Send}; the OpenID scopes and the sandbox's protocol scopes have
   * no dot, another resource's scope has its URL).
   */
  static boolean asksForGraph(String scopes) {
    return scopes != null
        && List.of(scopes.strip().split("\\s+")).stream()
            .anyMatch(
                s ->
                    s.startsWith(SandboxScopes.GRAPH + "/")
                        || (s.contains(".") && !s.contains("/")));
  }

  /** Space-separated scopes with Graph's resource prefix taken off its own. */
  static String withoutGraphPrefix(String scopes) {
    String prefix = SandboxScopes.GRAPH + "/";
    return String.join(
        " ",
        List.of(scopes.strip().split("\\s+")).stream()
            .map(s -> s.startsWith(prefix) ? s.substring(prefix.length()) : s)
            .toList());
  }

  static String json(String identity, String scope, String clientId, SandboxDirectory directory) {
    return JSONObjectUtils.toJSONString(of(identity, scope, clientId, directory));
  }

  /**
   * An opaque subject, the same for an identity whatever its case and across restarts, as Entra
   * ID's and Google's {@code sub} are stable and are not the address.
   */
  static String subjectOf(String identity) {
    String key = "sandbox:" + identity.strip().toLowerCase(Locale.ROOT);
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The sign-in form post with the provider's claims for the identity typed in. */
  static OAuth2HttpRequest withProviderClaims(
      OAuth2HttpRequest signIn, SandboxDirectory directory) {
    String username = signIn.getFormParameters().get("username");
    if (username == null || username.isBlank()) {
      return signIn; // mock-oauth2-server refuses it itself
    }
    String identity = username.strip();
    String scope = signIn.getUrl().queryParameter("scope");
    String client = signIn.getUrl().queryParameter("client_id");
    String body =
        ProviderHttp.form(
            Map.of("username", identity, "claims", json(identity, scope, client, directory)));
    return new OAuth2HttpRequest(
        signIn.getHeaders(), signIn.getMethod(), signIn.getOriginalUrl(), body);
  }
}
