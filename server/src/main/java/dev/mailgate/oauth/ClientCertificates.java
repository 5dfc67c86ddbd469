package dev.mailgate.oauth;

import com.nimbusds.jose.util.X509CertUtils;
import dev.mailgate.security.crypto.SecretCipher;
import dev.mailgate.security.crypto.SecretColumn;
import dev.mailgate.system.DbTime;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one certificate per provider that {@code private_key_jwt} client authentication signs with
 * (ADR 0029), in {@code oauth_provider_certificate}: generated here or imported from PKCS#12; a new
 * one replaces the old. The private key is encrypted at rest like the client secret.
 */
@Service
public class ClientCertificates {

  static final SecretColumn PRIVATE_KEY =
      new SecretColumn("oauth_provider_certificate", "private_key_enc");

  private final JdbcClient jdbc;
  private final SecretCipher cipher;
  private final Clock clock;

  ClientCertificates(JdbcClient jdbc, SecretCipher cipher, Clock clock) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
  }

  /** A new key pair and self-signed certificate for this provider, replacing any before. */
  public ClientCertificate generate(OAuthProvider provider) {
    return store(
        provider.id(),
        SelfSignedCertificates.issue("Mailgate " + provider.name(), clock.instant()));
  }

  /** The certificate and key of a PKCS#12 file for this provider, replacing any before. */
  public ClientCertificate importPkcs12(UUID providerId, byte[] file, char[] password) {
    return store(providerId, Pkcs12Files.read(file, password));
  }

  /**
   * Reads a PKCS#12 file as {@link #importPkcs12} does, storing nothing, so that a form can refuse
   * a bad file before it creates the provider the file is for.
   *
   * @throws dev.mailgate.system.InvalidInputException on field {@code certificateFile}, saying why
   */
  public void checkPkcs12(byte[] file, char[] password) {
    Pkcs12Files.read(file, password);
  }

  public Optional<ClientCertificate> find(UUID providerId) {
    return jdbc.sql("select * from oauth_provider_certificate where id = :id")
        .param("id", providerId)
        .query(ClientCertificates::map)
        .optional();
  }

  /** The certificate with its decrypted private key; only client assertions need it. */
  Optional<SigningKey> signingKey(UUID providerId) {
    return jdbc.sql(
            "select certificate_pem, private_key_enc from oauth_provider_certificate where id = :id")
        .param("id", providerId)
        .query(
            (rs, n) ->
                new SigningKey(
                    X509CertUtils.parse(rs.getString(1)),
                    privateKey(cipher.decrypt(PRIVATE_KEY, providerId, rs.getString(2)))))
        .optional();
  }

  @Transactional
  ClientCertificate store(UUID providerId, SigningKey key) {
    X509Certificate certificate = key.certificate();
    jdbc.sql("delete from oauth_provider_certificate where id = :id")
        .param("id", providerId)
        .update();
    jdbc.sql(
            """
            insert into oauth_provider_certificate (id, certificate_pem, private_key_enc,
              thumbprint_sha256, subject, not_before, not_after, created_at)
            values (:id, :pem, :key, :thumbprint, :subject, :notBefore, :notAfter, :now)
            """)
        .param("id", providerId)
        .param("pem", X509CertUtils.toPEMString(certificate))
        .param(
            "key",
            cipher.encrypt(
                PRIVATE_KEY,
                providerId,
                Base64.getEncoder().encodeToString(key.privateKey().getEncoded())))
        .param("thumbprint", X509CertUtils.computeSHA256Thumbprint(certificate).toString())
        .param("subject", certificate.getSubjectX500Principal().getName())
        .param("notBefore", DbTime.of(certificate.getNotBefore().toInstant()))
        .param("notAfter", DbTime.of(certificate.getNotAfter().toInstant()))
        .param("now", DbTime.of(clock.instant()))
        .update();
    return find(providerId).orElseThrow();
  }

  private static ClientCertificate map(ResultSet rs, int row) throws SQLException {
    String pem = rs.getString("certificate_pem");
    return new ClientCertificate(
        rs.getString("subject"),
        sha1Hex(X509CertUtils.parse(pem)),
        rs.getString("thumbprint_sha256"),
        DbTime.read(rs, "not_before"),
        DbTime.read(rs, "not_after"),
        DbTime.read(rs, "created_at"),
        pem);
  }

  private static String sha1Hex(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no SHA-1 in this JVM", e);
    }
  }

  private static PrivateKey privateKey(String pkcs8) {
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the stored private key is no RSA key", e);
    }
  }
}
