package dev.mailgate.oauth;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.mailgate.security.outboundurl.OutboundUrlRefusedException;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The addresses of the Microsoft 365 user who just signed in, from Graph's {@code GET /me}: the
 * user principal name, {@code mail} (the primary SMTP address) and every SMTP address of {@code
 * proxyAddresses} (Microsoft's user resource: {@code SMTP:} primary, {@code smtp:} aliases). The ID
 * token often names only the UPN, which in tenants with alias domains or hybrid set-ups is not the
 * mailbox's address; these let the identity check accept the mailbox's own owner. The refresh token
 * of the authorization gives the Graph token ({@code User.Read}, which Microsoft's IMAP and SMTP
 * set-up keeps), as Entra ID's refresh tokens are good for every resource consented to.
 */
@Component
public class UserAddresses {

  /** The delegated permission {@code /me} needs. */
  static final String USER_READ = "https://graph.microsoft.com/User.Read";

  private static final Logger log = LoggerFactory.getLogger(UserAddresses.class);

  /**
   * @param addresses the names and addresses Graph answered, lower case, without duplicates
   * @param refreshToken the refresh token to keep: a rotated one if the Graph token request
   *     returned one, else the one given
   */
  public record Found(List<String> addresses, String refreshToken) {
    @Override
    public String toString() {
      return "Found" + addresses;
    }
  }

  private final ProviderClient client;
  private final ProviderHttp http;
  private final OAuthProperties properties;

  UserAddresses(ProviderClient client, ProviderHttp http, OAuthProperties properties) {
    this.client = client;
    this.http = http;
    this.properties = properties;
  }

  /**
   * @return what Graph says; no addresses (and the refresh token unchanged) where the provider or
   *     Graph refused or did not answer, which the caller then treats as "nothing more known"
   */
  public Found of(OAuthProvider provider, String refreshToken) {
    IssuedTokens graph;
    try {
      graph = client.refreshForScopes(provider, refreshToken, List.of(USER_READ));
    } catch (ProviderCallException e) {
      log.info(
          "No Graph token for the identity check at provider '{}': {}",
          provider.name(),
          e.getMessage());
      return new Found(List.of(), refreshToken);
    }
    String kept = graph.refreshToken() == null ? refreshToken : graph.refreshToken();
    URI me =
        URI.create(
            properties.graphUrl().toString().replaceAll("/+$", "")
                + "/me?$select=userPrincipalName,mail,proxyAddresses");
    try {
      HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, me);
      request.setAuthorization("Bearer " + graph.accessToken());
      request.setAccept("application/json");
      HTTPResponse response = http.send(request);
      if (response.getStatusCode() != 200) {
        log.info(
            "Graph /me answered HTTP {} for the identity check: {}",
            response.getStatusCode(),
            response.getBody());
        return new Found(List.of(), kept);
      }
      return new Found(addresses(JSONObjectUtils.parse(response.getBody())), kept);
    } catch (IOException | OutboundUrlRefusedException | ParseException e) {
      log.info("Graph /me could not be read for the identity check: {}", e.getMessage());
      return new Found(List.of(), kept);
    }
  }

  static List<String> addresses(Map<String, Object> user) {
    List<String> found = new ArrayList<>();
    add(found, user.get("userPrincipalName"));
    add(found, user.get("mail"));
    if (user.get("proxyAddresses") instanceof List<?> proxies) {
      for (Object proxy : proxies) {
        if (proxy instanceof String text && text.regionMatches(true, 0, "smtp:", 0, 5)) {
          add(found, text.substring(5));
        }
      }
    }
    return List.copyOf(found);
  }

  private static void add(List<String> found, Object value) {
    if (value instanceof String text && !text.isBlank()) {
      String address = text.strip().toLowerCase(Locale.ROOT);
      if (!found.contains(address)) {
        found.add(address);
      }
    }
  }
}
