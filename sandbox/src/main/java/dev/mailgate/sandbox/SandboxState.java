package dev.mailgate.sandbox;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sandbox provider keeps across restarts when it is given a directory (the demo gives it
 * {@code <data-dir>/sandbox}; tests give none and keep nothing): its signing key, so tokens it
 * signed before still verify, and each refresh token it issued with the claims of the access token
 * it came with, so a refresh after a restart gets a token for the same person instead of {@code
 * invalid_grant: unknown refresh_token} (issue 16). A revoked refresh token is forgotten. The files
 * are 0600: they hold a private key and refresh tokens of sandbox identities only.
 */
final class SandboxState {

  private static final Logger log = LoggerFactory.getLogger(SandboxState.class);
  static final String SIGNING_KEY = "signing-key.json";
  static final String REFRESH_TOKENS = "refresh-tokens.json";

  /** Claims mock-oauth2-server sets itself on every token. */
  private static final Set<String> OWN_CLAIMS =
      Set.of("iss", "exp", "iat", "nbf", "jti", "sub", "aud", "tid", "azp", "nonce");

  private final Path dir;
  private final Map<String, Map<String, Object>> refreshTokens = new ConcurrentHashMap<>();
  private final Set<String> issuedThisRun = ConcurrentHashMap.newKeySet();

  private SandboxState(Path dir) {
    this.dir = dir;
    if (dir != null) {
      load();
    }
  }

  /** Keeps nothing: the sandbox of the tests. */
  static SandboxState none() {
    return new SandboxState(null);
  }

  /** Keeps its state in this directory, made if missing. */
  static SandboxState in(Path dir) {
    return new SandboxState(dir);
  }

  /** The signing key kept from an earlier run, if any. */
  List<JWK> signingKeys() {
    Path file = file(SIGNING_KEY);
    if (file == null || !Files.exists(file)) {
      return List.of();
    }
    try {
      return List.of(JWK.parse(Files.readString(file)));
    } catch (IOException | ParseException e) {
      throw new SandboxException("cannot read the sandbox signing key " + file, e);
    }
  }

  /** Keeps the signing key unless one is kept already. */
  void keepSigningKey(JWK key) {
    Path file = file(SIGNING_KEY);
    if (file != null && !Files.exists(file)) {
      write(file, JSONObjectUtils.toJSONString(key.toJSONObject()));
    }
  }

  /** Notes a successful token response: its refresh token, with its access token's claims. */
  void issued(String tokenResponse) {
    try {
      Map<String, Object> response = JSONObjectUtils.parse(tokenResponse);
      String refreshToken = JSONObjectUtils.getString(response, "refresh_token");
      String accessToken = JSONObjectUtils.getString(response, "access_token");
      if (refreshToken == null || accessToken == null) {
        return;
      }
      if (refreshTokens.containsKey(refreshToken) && !issuedThisRun.contains(refreshToken)) {
        // an earlier run's token answered again (RestoredRefreshes): mock-oauth2-server still
        // does not know it, so it must stay restorable for the next refresh
        return;
      }
      issuedThisRun.add(refreshToken);
      if (dir != null && !refreshTokens.containsKey(refreshToken)) {
        refreshTokens.put(
            refreshToken, SignedJWT.parse(accessToken).getJWTClaimsSet().toJSONObject());
        save();
      }
    } catch (ParseException e) {
      log.warn("A sandbox token response could not be kept: {}", e.getMessage());
    }
  }

  /**
   * The person a refresh token was issued to in an earlier run: the subject, audience and claims of
   * its access token. Empty for a token of this run (mock-oauth2-server knows those) or one never
   * issued or since revoked.
   */
  Optional<Restored> restore(String refreshToken) {
    if (refreshToken == null || issuedThisRun.contains(refreshToken)) {
      return Optional.empty();
    }
    Map<String, Object> stored = refreshTokens.get(refreshToken);
    if (stored == null) {
      return Optional.empty();
    }
    try {
      JWTClaimsSet claims = JWTClaimsSet.parse(stored);
      Map<String, Object> own = new LinkedHashMap<>(claims.getClaims());
      OWN_CLAIMS.forEach(own::remove);
      own.replaceAll((k, v) -> v instanceof java.util.Date d ? d.getTime() / 1000 : v);
      return Optional.of(new Restored(claims.getSubject(), claims.getAudience(), own));
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  /** A refresh token was revoked: it is not restored after a restart. */
  void revoked(String refreshToken) {
    if (refreshToken != null && refreshTokens.remove(refreshToken) != null) {
      save();
    }
  }

  /** A refresh token's person, as the access token issued with it named them. */
  record Restored(String subject, List<String> audience, Map<String, Object> claims) {}

  private void load() {
    Path file = file(REFRESH_TOKENS);
    if (!Files.exists(file)) {
      return;
    }
    try {
      Map<String, Object> all = JSONObjectUtils.parse(Files.readString(file));
      all.forEach(
          (token, claims) -> {
            if (claims instanceof Map<?, ?> map) {
              Map<String, Object> copy = new LinkedHashMap<>();
              map.forEach((k, v) -> copy.put(k.toString(), v));
              refreshTokens.put(token, copy);
            }
          });
    } catch (IOException | ParseException e) {
      log.warn("The sandbox's kept refresh tokens {} could not be read: {}", file, e.getMessage());
    }
  }

  private synchronized void save() {
    write(file(REFRESH_TOKENS), JSONObjectUtils.toJSONString(new LinkedHashMap<>(refreshTokens)));
  }

  private Path file(String name) {
    return dir == null ? null : dir.resolve(name);
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // a file system without POSIX permissions: the data directory's own protection applies
      }
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(
          temp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SandboxException("cannot write " + file, e);
    }
  }
}
