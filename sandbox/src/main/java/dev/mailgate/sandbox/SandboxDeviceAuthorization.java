package dev.mailgate.sandbox;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * The device authorization grant (RFC 8628), which mock-oauth2-server 6.0.2 does not have: the
 * device authorization endpoint (section 3.1–3.2), the verification page where a person types the
 * user code and the mailbox they sign in as (section 3.3), and the {@code device_code} grant at the
 * token endpoint (section 3.4–3.5) with {@code authorization_pending}, {@code slow_down} (a poll
 * sooner than the interval; the interval then grows by 5 seconds), {@code expired_token} and {@code
 * access_denied}.
 *
 * <p>An approved device code gets its tokens from mock-oauth2-server itself: the sandbox runs the
 * authorization code flow for the approved identity inside the provider (no network), so the tokens
 * are the ones any other sign-in gets, with the same claims and the same signing key.
 */
final class SandboxDeviceAuthorization {

  static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";
  private static final String INTERNAL_REDIRECT = "http://127.0.0.1/device-approved";
  private static final String USER_CODE_LETTERS = "BCDFGHJKLMNPQRSTVWXZ"; // RFC 8628 section 6.1
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One device code's life. Guarded by its own monitor. */
  private static final class Grant {
    final String clientId;
    final String scope;
    final String userCode;
    final Instant expiresAt;
    Duration interval;
    Instant lastPoll;
    String approvedAs;
    boolean denied;
    boolean used;
    final List<Instant> polls = new ArrayList<>();

    Grant(
        String clientId,
        String scope,
        String userCode,
        Instant now,
        Duration life,
        Duration every) {
      this.clientId = clientId;
      this.scope = scope;
      this.userCode = userCode;
      this.expiresAt = now.plus(life);
      this.interval = every;
      // The client waits the interval before its first poll too (section 3.5).
      this.lastPoll = now;
    }
  }

  private final Clock clock;
  private final Map<String, Grant> byDeviceCode = new ConcurrentHashMap<>();
  private final Map<String, String> deviceCodeByUserCode = new ConcurrentHashMap<>();
  private final AtomicInteger slowDownsToForce = new AtomicInteger();
  private final AtomicInteger pollsTooSoon = new AtomicInteger();
  private volatile Duration interval = Duration.ofSeconds(5);
  private volatile Duration lifetime = Duration.ofMinutes(15);

  SandboxDeviceAuthorization(Clock clock) {
    this.clock = clock;
  }

  void interval(Duration interval) {
    this.interval = interval;
  }

  void lifetime(Duration lifetime) {
    this.lifetime = lifetime;
  }

  void forceSlowDowns(int count) {
    slowDownsToForce.set(count);
  }

  int pollsTooSoon() {
    return pollsTooSoon.get();
  }

  /** When the token endpoint received each poll of the device code shown with this user code. */
  List<Instant> pollsOf(String userCode) {
    Grant grant = grantOf(userCode);
    if (grant == null) {
      return List.of();
    }
    synchronized (grant) {
      return List.copyOf(grant.polls);
    }
  }

  /** Section 3.1–3.2: a device code, a user code and where the person enters it. */
  OAuth2HttpResponse start(OAuth2HttpRequest request, HttpUrl verificationUri) {
    String clientId = request.getFormParameters().get("client_id");
    if (clientId == null || clientId.isBlank()) {
      clientId = BasicAuth.clientId(request.getHeaders().get("Authorization"));
    }
    if (clientId == null || clientId.isBlank()) {
      return json(400, error("invalid_client", "client_id is missing"));
    }
    String scope = request.getFormParameters().get("scope");
    String deviceCode = random(32);
    String userCode = userCode();
    Duration every = interval;
    byDeviceCode.put(
        deviceCode,
        new Grant(
            clientId, scope == null ? "" : scope, userCode, clock.instant(), lifetime, every));
    deviceCodeByUserCode.put(userCode, deviceCode);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("device_code", deviceCode);
    body.put("user_code", userCode);
    body.put("verification_uri", verificationUri.toString());
    body.put(
        "verification_uri_complete",
        verificationUri.newBuilder().addQueryParameter("user_code", userCode).build().toString());
    body.put("expires_in", lifetime.toSeconds());
    body.put("interval", every.toSeconds());
    return json(200, JSONObjectUtils.toJSONString(body));
  }

  /** Section 3.3: the page where the person types the code and signs in. */
  OAuth2HttpResponse page(OAuth2HttpRequest request) {
    String code = request.getUrl().queryParameter("user_code");
    String value = code == null ? "" : escape(code);
    return html(
        200,
        "<!DOCTYPE html><html lang=\"en\"><head><title>Sandbox: sign in a device</title></head>"
            + "<body><h1>Sign in a device</h1><form method=\"post\">"
            + "<label for=\"user_code\">Code shown on the device</label>"
            + "<input id=\"user_code\" name=\"user_code\" value=\""
            + value
            + "\"><label for=\"username\">Mailbox</label>"
            + "<input id=\"username\" name=\"username\">"
            + "<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">"
            + "Allow</button>"
            + "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>"
            + "</form></body></html>");
  }

  /** The verification page's form: approve as the mailbox typed in, or deny. */
  OAuth2HttpResponse decide(OAuth2HttpRequest request) {
    String userCode = normalized(request.getFormParameters().get("user_code"));
    Grant grant = grantOf(userCode);
    if (grant == null) {
      return html(400, "<p id=\"result\">Unknown code.</p>");
    }
    synchronized (grant) {
      if (!clock.instant().isBefore(grant.expiresAt)) {
        return html(400, "<p id=\"result\">The code has expired.</p>");
      }
      if ("deny".equals(request.getFormParameters().get("decision"))) {
        grant.denied = true;
        return html(200, "<p id=\"result\">Denied. You may close this window.</p>");
      }
      String username = request.getFormParameters().get("username");
      if (username == null || username.isBlank()) {
        return html(400, "<p id=\"result\">Enter the mailbox you sign in as.</p>");
      }
      grant.approvedAs = username.strip();
      return html(200, "<p id=\"result\">Signed in. You may close this window.</p>");
    }
  }

  /**
   * Section 3.4–3.5: a poll of the token endpoint with a device code.
   *
   * @param issue runs the authorization code flow inside the provider for (client, identity, scope)
   */
  OAuth2HttpResponse poll(OAuth2HttpRequest request, Function<Approved, OAuth2HttpResponse> issue) {
    String deviceCode = request.getFormParameters().get("device_code");
    Grant grant = deviceCode == null ? null : byDeviceCode.get(deviceCode);
    if (grant == null) {
      return json(400, error("invalid_grant", "unknown device_code"));
    }
    Approved approved;
    synchronized (grant) {
      Instant now = clock.instant();
      grant.polls.add(now);
      if (grant.used) {
        return json(400, error("invalid_grant", "the device code was used already"));
      }
      if (!now.isBefore(grant.expiresAt)) {
        return json(400, error("expired_token", "the device code has expired"));
      }
      if (grant.denied) {
        return json(400, error("access_denied", "the user denied the request"));
      }
      Instant last = grant.lastPoll;
      grant.lastPoll = now;
      boolean tooSoon = Duration.between(last, now).compareTo(grant.interval.minusMillis(100)) < 0;
      if (tooSoon) {
        pollsTooSoon.incrementAndGet();
      }
      if (tooSoon || slowDownsToForce.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        grant.interval = grant.interval.plusSeconds(5);
        return json(400, error("slow_down", "poll at most every " + grant.interval.toSeconds()));
      }
      if (grant.approvedAs == null) {
        return json(400, error("authorization_pending", "the user has not signed in yet"));
      }
      grant.used = true;
      approved = new Approved(grant.clientId, grant.approvedAs, grant.scope);
    }
    return issue.apply(approved);
  }

  /** A device code its person approved: whom to issue tokens to. */
  record Approved(String clientId, String identity, String scope) {

    /** The sign-in form post of the internal authorization code flow. */
    OAuth2HttpRequest authorizeRequest(HttpUrl authorizeUrl) {
      String scopes = scope.contains("openid") ? scope : ("openid " + scope).strip();
      HttpUrl url =
          authorizeUrl
              .newBuilder()
              .addQueryParameter("response_type", "code")
              .addQueryParameter("client_id", clientId)
              .addQueryParameter("redirect_uri", INTERNAL_REDIRECT)
              .addQueryParameter("scope", scopes)
              .addQueryParameter("state", random(16))
              .build();
      return new OAuth2HttpRequest(
          Headers.of("Content-Type", "application/x-www-form-urlencoded"),
          "POST",
          url,
          ProviderHttp.form(Map.of("username", identity)));
    }

    /** The code exchange of the internal flow. */
    OAuth2HttpRequest tokenRequest(HttpUrl tokenUrl, String code) {
      return new OAuth2HttpRequest(
          Headers.of("Content-Type", "application/x-www-form-urlencoded"),
          "POST",
          tokenUrl,
          ProviderHttp.form(
              Map.of(
                  "grant_type", "authorization_code",
                  "code", code,
                  "redirect_uri", INTERNAL_REDIRECT,
                  "client_id", clientId)));
    }
  }

  static OAuth2HttpResponse json(int status, String body) {
    return new OAuth2HttpResponse(
        Headers.of("Content-Type", "application/json;charset=UTF-8", "Cache-Control", "no-store"),
        status,
        body,
        body.getBytes(StandardCharsets.UTF_8));
  }

  static String error(String code, String description) {
    return JSONObjectUtils.toJSONString(Map.of("error", code, "error_description", description));
  }

  private Grant grantOf(String userCode) {
    String deviceCode = userCode == null ? null : deviceCodeByUserCode.get(normalized(userCode));
    return deviceCode == null ? null : byDeviceCode.get(deviceCode);
  }

  /** RFC 8628 section 6.1: case and dashes do not matter when a person types the code. */
  private static String normalized(String userCode) {
    if (userCode == null) {
      return null;
    }
    String letters = userCode.replace("-", "").strip().toUpperCase(java.util.Locale.ROOT);
    return letters.length() == 8 ? letters.substring(0, 4) + "-" + letters.substring(4) : letters;
  }

  private static String userCode() {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == 4) {
        code.append('-');
      }
      code.append(USER_CODE_LETTERS.charAt(RANDOM.nextInt(USER_CODE_LETTERS.length())));
    }
    return code.toString();
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }

  private static OAuth2HttpResponse html(int status, String body) {
    return new OAuth2HttpResponse(
        Headers.of("Content-Type", "text/html;charset=UTF-8"),
        status,
        body,
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
  }

  /** The client id of an HTTP Basic client authentication (RFC 6749 section 2.3.1). */
  private static final class BasicAuth {
    static String clientId(String header) {
      if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
        return null;
      }
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return java.net.URLDecoder.decode(
          colon < 0 ? decoded : decoded.substring(0, colon), StandardCharsets.UTF_8);
    }
  }
}
