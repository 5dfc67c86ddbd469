package dev.mailgate.authorization;

import dev.mailgate.authorization.DeviceAuthorization.State;
import dev.mailgate.oauth.DeviceCodes;
import dev.mailgate.security.crypto.SecretCipher;
import dev.mailgate.security.crypto.SecretColumn;
import dev.mailgate.system.DbTime;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Device authorizations in {@code device_authorization}; the device code stored encrypted. */
@Repository
class JdbcDeviceAuthorizations {

  static final SecretColumn DEVICE_CODE =
      new SecretColumn("device_authorization", "device_code_enc");

  /** What polling needs besides the public record. */
  record Polled(
      DeviceAuthorization authorization,
      UUID providerId,
      String expectedIdentity,
      List<String> scopes) {}

  private final JdbcClient jdbc;
  private final SecretCipher cipher;
  private final Clock clock;

  JdbcDeviceAuthorizations(JdbcClient jdbc, SecretCipher cipher, Clock clock) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
  }

  DeviceAuthorization save(AuthorizationTarget target, DeviceCodes codes) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    jdbc.sql(
            """
            insert into device_authorization (id, account_id, provider_id, expected_identity,
              scopes, device_code_enc, user_code, verification_uri, verification_uri_complete,
              interval_seconds, state, created_at, expires_at, updated_at)
            values (:id, :account, :provider, :identity, :scopes, :code, :user, :uri, :complete,
              :interval, :state, :now, :expires, :now)
            """)
        .param("id", id)
        .param("account", target.accountId())
        .param("provider", target.providerId())
        .param("identity", target.expectedIdentity())
        .param("scopes", String.join(" ", target.scopes()))
        .param("code", cipher.encrypt(DEVICE_CODE, id, codes.deviceCode()))
        .param("user", codes.userCode())
        .param("uri", codes.verificationUri().toString())
        .param(
            "complete",
            codes.verificationUriComplete() == null
                ? null
                : codes.verificationUriComplete().toString())
        .param("interval", codes.interval().toSeconds())
        .param("state", State.PENDING.name())
        .param("now", DbTime.of(now))
        .param("expires", DbTime.of(now.plus(codes.lifetime())))
        .update();
    return find(id).orElseThrow();
  }

  Optional<DeviceAuthorization> find(UUID id) {
    return polled(id).map(Polled::authorization);
  }

  Optional<Polled> polled(UUID id) {
    return jdbc.sql("select * from device_authorization where id = :id")
        .param("id", id)
        .query(JdbcDeviceAuthorizations::map)
        .optional();
  }

  String deviceCode(UUID id) {
    String ciphertext =
        jdbc.sql("select device_code_enc from device_authorization where id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    return cipher.decrypt(DEVICE_CODE, id, ciphertext);
  }

  void interval(UUID id, Duration interval) {
    jdbc.sql(
            "update device_authorization set interval_seconds = :s, updated_at = :now"
                + " where id = :id")
        .param("s", interval.toSeconds())
        .param("now", DbTime.of(clock.instant()))
        .param("id", id)
        .update();
  }

  /** Ends a pending authorization; an ended one stays as it ended. */
  void finish(UUID id, State state, String reason, String signedInAs) {
    jdbc.sql(
            """
            update device_authorization set state = :state, reason = :reason,
              signed_in_as = :who, updated_at = :now
            where id = :id and state = :pending
            """)
        .param("state", state.name())
        .param("reason", reason)
        .param("who", signedInAs)
        .param("now", DbTime.of(clock.instant()))
        .param("id", id)
        .param("pending", State.PENDING.name())
        .update();
  }

  private static Polled map(ResultSet rs, int row) throws SQLException {
    String complete = rs.getString("verification_uri_complete");
    String scopes = rs.getString("scopes");
    return new Polled(
        new DeviceAuthorization(
            rs.getObject("id", UUID.class),
            rs.getObject("account_id", UUID.class),
            rs.getString("user_code"),
            URI.create(rs.getString("verification_uri")),
            complete == null ? null : URI.create(complete),
            rs.getLong("interval_seconds"),
            State.valueOf(rs.getString("state")),
            rs.getString("reason"),
            rs.getString("signed_in_as"),
            DbTime.read(rs, "created_at"),
            DbTime.read(rs, "expires_at"),
            DbTime.read(rs, "updated_at")),
        rs.getObject("provider_id", UUID.class),
        rs.getString("expected_identity"),
        scopes.isBlank() ? List.of() : List.of(scopes.split(" ")));
  }
}
