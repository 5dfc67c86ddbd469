package dev.mailgate.sandbox;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Map;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;

/**
 * Adds RFC 7662's {@code username} to the sandbox's introspection answer for an active token: the
 * mailbox the token was issued to (its {@code email} claim). mock-oauth2-server 6.0.2 answers
 * {@code active}, {@code scope}, {@code sub} and the other registered claims, but takes {@code
 * username} only from a claim of that name, which the sandbox's tokens do not carry; a mail server
 * that validates tokens by introspection (Dovecot's {@code oauth2} passdb) needs it to match the
 * token to the login name, as it would get from a real provider's introspection endpoint.
 */
final class IntrospectionUsername {

  private IntrospectionUsername() {}

  /** The answer with {@code username} added when the token is active; otherwise unchanged. */
  static OAuth2HttpResponse added(OAuth2HttpRequest request, OAuth2HttpResponse answer) {
    String token = request.getFormParameters().get("token");
    if (answer.getStatus() != 200 || answer.getBody() == null || token == null) {
      return answer;
    }
    try {
      Map<String, Object> body = JSONObjectUtils.parse(answer.getBody());
      if (!Boolean.TRUE.equals(body.get("active")) || body.containsKey("username")) {
        return answer;
      }
      // mock-oauth2-server has just verified the token's signature, issuer and expiry.
      String email = SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("email");
      if (email == null) {
        return answer;
      }
      body.put("username", email);
      return new OAuth2HttpResponse(
          answer.getHeaders(), 200, JSONObjectUtils.toJSONString(body), null);
    } catch (ParseException e) {
      return answer;
    }
  }
}
