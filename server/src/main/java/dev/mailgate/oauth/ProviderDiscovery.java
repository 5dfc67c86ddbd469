package dev.mailgate.oauth;

import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.mailgate.security.outboundurl.OutboundUrlRefusedException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.minidev.json.JSONObject;
import org.springframework.stereotype.Component;

/**
 * Learns a provider's endpoints from its issuer URL: OpenID Connect Discovery ({@code
 * /.well-known/openid-configuration}) first, RFC 8414 ({@code
 * /.well-known/oauth-authorization-server}) when the provider is a plain OAuth 2.0 server. The
 * document must name the issuer it was asked for, as both specifications require; otherwise one
 * provider could pose as another.
 */
@Component
class ProviderDiscovery {

  private final ProviderHttp http;

  ProviderDiscovery(ProviderHttp http) {
    this.http = http;
  }

  private static final String OIDC_SUFFIX = "/.well-known/openid-configuration";
  private static final String OAUTH_SUFFIX = "/.well-known/oauth-authorization-server";

  /**
   * @param issuerUrl the issuer, or the URL of its discovery document
   * @throws DiscoveryFailedException saying what was tried and what answered
   */
  DiscoveredProvider discover(String issuerUrl) {
    String issuer = issuerOf(issuerUrl);
    List<String> misses = new ArrayList<>();
    DiscoveredProvider found;
    try {
      found = read(issuer, OIDCProviderMetadata.resolveURL(new Issuer(issuer)).toURI(), misses);
      if (found == null) {
        found =
            read(
                issuer, AuthorizationServerMetadata.resolveURL(new Issuer(issuer)).toURI(), misses);
      }
    } catch (GeneralException | URISyntaxException e) {
      throw new DiscoveryFailedException(
          issuer, "The issuer URL '" + issuer + "' cannot be used: " + e.getMessage());
    }
    if (found == null) {
      throw new DiscoveryFailedException(
          issuer,
          "No OpenID or OAuth 2.0 metadata found for issuer "
              + issuer
              + ": "
              + String.join("; ", misses)
              + ". Enter the provider's issuer URL (the 'issuer' of its discovery document).");
    }
    if (!found.issuer().replaceAll("/+$", "").equals(issuer)) {
      throw new DiscoveryFailedException(
          issuer,
          "The document at "
              + found.documentUrl()
              + " names the issuer '"
              + found.issuer()
              + "', not '"
              + issuer
              + "'; enter the issuer it names if you trust that provider.");
    }
    return found;
  }

  /**
   * Reads an OpenID discovery document at a known address whose issuer is not known in advance
   * (Microsoft's document for a tenant's domain name names the tenant id).
   */
  DiscoveredProvider readOpenIdDocument(URI document) {
    List<String> misses = new ArrayList<>();
    DiscoveredProvider found = read(document.toString(), document, misses);
    if (found == null || !found.openId()) {
      throw new DiscoveryFailedException(document.toString(), String.join("; ", misses));
    }
    return found;
  }

  /** The document at this URL, or null (with the reason added to misses) if there is none. */
  private DiscoveredProvider read(String issuer, URI url, List<String> misses) {
    JSONObject document = fetch(issuer, url, misses);
    if (document == null) {
      return null;
    }
    boolean openId = url.getPath().endsWith(OIDC_SUFFIX);
    try {
      return describe(
          issuer,
          url,
          openId,
          openId
              ? OIDCProviderMetadata.parse(document)
              : AuthorizationServerMetadata.parse(document));
    } catch (ParseException e) {
      misses.add(
          url
              + (openId ? " is not an OpenID provider document (" : " is not OAuth 2.0 metadata (")
              + e.getMessage()
              + ")");
      return null;
    }
  }

  /** The issuer: the URL as given, without a discovery-document suffix or a trailing slash. */
  static String issuerOf(String url) {
    String issuer =
        EndpointUrls.check(
            "issuer",
            "issuer URL",
            url,
            "Enter the provider's issuer URL, e.g. https://accounts.example.com.");
    for (String suffix : List.of(OIDC_SUFFIX, OAUTH_SUFFIX)) {
      if (issuer.endsWith(suffix)) {
        issuer = issuer.substring(0, issuer.length() - suffix.length());
      }
    }
    return issuer.replaceAll("/+$", "");
  }

  private JSONObject fetch(String issuer, URI url, List<String> misses) {
    HTTPResponse response;
    try {
      response = http.send(new HTTPRequest(HTTPRequest.Method.GET, url));
    } catch (OutboundUrlRefusedException e) {
      throw new DiscoveryFailedException(issuer, e.getMessage());
    } catch (IOException e) {
      throw new DiscoveryFailedException(
          issuer,
          "Could not reach "
              + url
              + ": "
              + NetworkFailures.describe(url, e)
              + ". Check the issuer URL and that Mailgate can reach the provider.");
    }
    if (response.getStatusCode() / 100 == 3) {
      // Not followed: a redirect could lead the document, and the endpoints it names, anywhere.
      misses.add(
          url
              + " redirects elsewhere (HTTP "
              + response.getStatusCode()
              + "); Mailgate follows no redirect, enter the issuer the provider really uses");
      return null;
    }
    if (response.getStatusCode() != 200) {
      misses.add(url + " answered HTTP " + response.getStatusCode());
      return null;
    }
    try {
      return response.getBodyAsJSONObject();
    } catch (ParseException e) {
      misses.add(url + " answered with something other than a JSON object");
      return null;
    }
  }

  private static DiscoveredProvider describe(
      String issuer, URI document, boolean openId, AuthorizationServerMetadata metadata) {
    String named = metadata.getIssuer() == null ? null : metadata.getIssuer().getValue();
    if (named == null) {
      throw new DiscoveryFailedException(
          issuer, "The document at " + document + " names no issuer.");
    }
    if (metadata.getTokenEndpointURI() == null) {
      throw new DiscoveryFailedException(
          issuer,
          "The document at "
              + document
              + " has no token_endpoint; Mailgate needs one. Register the provider with the"
              + " Custom preset and enter its URLs.");
    }
    List<CodeChallengeMethod> pkce = metadata.getCodeChallengeMethods();
    List<ClientAuthenticationMethod> auth = metadata.getTokenEndpointAuthMethods();
    return new DiscoveredProvider(
        document.toString(),
        openId,
        named,
        text(metadata.getAuthorizationEndpointURI()),
        text(metadata.getTokenEndpointURI()),
        text(metadata.getRevocationEndpointURI()),
        openId ? text(((OIDCProviderMetadata) metadata).getUserInfoEndpointURI()) : null,
        text(metadata.getJWKSetURI()),
        pkce != null && pkce.contains(CodeChallengeMethod.S256),
        metadata.supportsAuthorizationResponseIssuerParam(),
        auth == null ? List.of() : auth.stream().map(ClientAuthenticationMethod::getValue).toList(),
        text(metadata.getDeviceAuthorizationEndpointURI()));
  }

  private static String text(URI uri) {
    return Objects.toString(uri, null);
  }
}
