package dev.mailgate.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONStringUtils;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import okhttp3.Headers;

/**
 * Client authentication at the sandbox token endpoint as Microsoft Entra ID checks it.
 * mock-oauth2-server 6.0.2 checks a client assertion (RFC 7523) only on the token-exchange grant,
 * and there only its lifetime and audience, never its signature; it takes any client secret. This
 * check stands in front of it:
 *
 * <ul>
 *   <li>a {@code client_assertion} must be an RS256 JWT signed by a certificate registered for its
 *       client ({@link SandboxOAuthProvider#registerClientCertificate}), named by {@code x5t#S256},
 *       with {@code iss} = {@code sub} = the client, the token endpoint as audience and an {@code
 *       exp} ahead; otherwise {@code 401 invalid_client} with Entra's {@code AADSTS700027} (the key
 *       was not found / invalid signature) or {@code AADSTS700024} (outside its time range);
 *   <li>a client secret of a client whose secrets were expired ({@link
 *       SandboxOAuthProvider#expireClientSecrets}) is refused with {@code AADSTS7000222}.
 * </ul>
 */
final class ClientAuthenticationCheck {

  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private final Map<String, Map<Base64URL, X509Certificate>> certificates =
      new ConcurrentHashMap<>();
  private final Set<String> expiredSecrets = ConcurrentHashMap.newKeySet();
  private final Clock clock;

  ClientAuthenticationCheck(Clock clock) {
    this.clock = clock;
  }

  void register(String clientId, X509Certificate certificate) {
    certificates
        .computeIfAbsent(clientId, k -> new ConcurrentHashMap<>())
        .put(X509CertUtils.computeSHA256Thumbprint(certificate), certificate);
  }

  void expireSecrets(String clientId) {
    expiredSecrets.add(clientId);
  }

  /**
   * @return the refusal of this token request, or null if its client authentication is good (or is
   *     none the sandbox checks)
   */
  OAuth2HttpResponse refusal(OAuth2HttpRequest request, String tokenEndpoint) {
    Map<String, String> form = request.getFormParameters().getMap();
    String assertion = form.get("client_assertion");
    if (assertion != null) {
      return assertionRefusal(form.get("client_assertion_type"), assertion, tokenEndpoint);
    }
    String secretClient =
        form.get("client_secret") != null ? form.get("client_id") : basicUser(request);
    if (secretClient != null && expiredSecrets.contains(secretClient)) {
      return invalidClient(
          "AADSTS7000222: The provided client secret keys for app '"
              + secretClient
              + "' are expired. Visit the Azure portal to create new keys for your app:"
              + " https://aka.ms/NewClientSecret, or consider using certificate credentials for"
              + " added security: https://aka.ms/certCreds.");
    }
    return null;
  }

  private OAuth2HttpResponse assertionRefusal(String type, String assertion, String endpoint) {
    if (!JWT_BEARER.equals(type)) {
      return invalidClient(
          "AADSTS700025: client_assertion_type must be " + JWT_BEARER + ", not " + type + ".");
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(assertion);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return invalidClient("AADSTS50027: JWT token is invalid or malformed.");
    }
    String client = claims.getIssuer();
    if (client == null || !client.equals(claims.getSubject())) {
      return invalidClient(
          "AADSTS700023: Client assertion audience, issuer or subject claim is invalid: iss and"
              + " sub must both be the client id.");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(endpoint)) {
      return invalidClient(
          "AADSTS700023: Client assertion audience claim does not match the token endpoint "
              + endpoint
              + ".");
    }
    Date now = Date.from(clock.instant());
    if (claims.getExpirationTime() == null
        || !claims.getExpirationTime().after(now)
        || (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now))) {
      return invalidClient("AADSTS700024: Client assertion is not within its valid time range.");
    }
    Base64URL thumbprint = jwt.getHeader().getX509CertSHA256Thumbprint();
    X509Certificate certificate =
        thumbprint == null ? null : certificates.getOrDefault(client, Map.of()).get(thumbprint);
    if (certificate == null) {
      return invalidClient(
          "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not"
              + " found., Thumbprint of key used by client: '"
              + thumbprint
              + "', Please visit the Azure Portal to see configured keys for app Id '"
              + client
              + "'.]");
    }
    try {
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
          || !jwt.verify(new RSASSAVerifier((RSAPublicKey) certificate.getPublicKey()))) {
        return invalidClient(
            "AADSTS700027: Client assertion contains an invalid signature. [Reason - The"
                + " signature does not match the certificate with thumbprint '"
                + thumbprint
                + "'.]");
      }
    } catch (JOSEException | ClassCastException e) {
      return invalidClient("AADSTS700027: Client assertion contains an invalid signature.");
    }
    return null;
  }

  private static String basicUser(OAuth2HttpRequest request) {
    String header = request.getHeaders().get("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String pair =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? null : URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static OAuth2HttpResponse invalidClient(String description) {
    String body =
        "{\"error\":\"invalid_client\",\"error_description\":"
            + JSONStringUtils.toJSONString(description)
            + "}";
    return new OAuth2HttpResponse(
        Headers.of("Content-Type", "application/json;charset=UTF-8"),
        401,
        body,
        body.getBytes(StandardCharsets.UTF_8));
  }
}
