package dev.mailgate.oauth;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the key pair and self-signed certificate of a provider's client. Entra ID (and any
 * provider that takes RFC 7523 assertions) trusts the certificate because the admin uploads it to
 * the app registration, not because a CA signed it; RSA 2048 with SHA-256, as Microsoft's
 * certificate-credential guidance asks. The JDK has no public API to issue a certificate, hence
 * Bouncy Castle, used here only.
 */
final class SelfSignedCertificates {

  /** Two years, the longest a client secret may live in Entra: renewal stays a known routine. */
  static final Duration VALIDITY = Duration.ofDays(730);

  private static final SecureRandom RANDOM = new SecureRandom();

  private SelfSignedCertificates() {}

  static SigningKey issue(String commonName, Instant notBefore) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=" + commonName.replaceAll("[,+=<>#;\"\\\\]", " "));
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
              Date.from(notBefore),
              Date.from(notBefore.plus(VALIDITY)),
              subject,
              keys.getPublic());
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
      return new SigningKey(certificate, keys.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("this JVM cannot make an RSA certificate", e);
    }
  }
}
