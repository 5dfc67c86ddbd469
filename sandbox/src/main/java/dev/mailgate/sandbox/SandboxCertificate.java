package dev.mailgate.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS certificate of the sandbox mail server's SMTPS, IMAPS and POP3S ports (and of the test
 * Dovecot's, {@link #writePem}): issued to {@code localhost} and {@code 127.0.0.1} (so clients can
 * verify the host name, as they must with a real server), self-signed, valid until 2046. Its key is
 * a test fixture in the sandbox jar, good for loopback only. GreenMail's own default certificate
 * names no host, so it could only be trusted by switching host-name checks off, which would hide a
 * client that forgets them.
 */
public final class SandboxCertificate {

  static final String PASSWORD = "changeit";

  private static final class Extracted {
    static final Path KEY_STORE = extract("sandbox-tls.p12");
    static final Path TRUST_STORE = extract("sandbox-trust.p12");
  }

  private SandboxCertificate() {}

  /**
   * Makes GreenMail's TLS ports present this certificate. GreenMail 2.1.x reads its key store from
   * these JVM-wide properties when it opens a TLS port, so every sandbox in the JVM shares it.
   */
  static void useForGreenMail() {
    System.setProperty("greenmail.tls.keystore.file", Extracted.KEY_STORE.toString());
    System.setProperty("greenmail.tls.keystore.password", PASSWORD);
    System.setProperty("greenmail.tls.key.password", PASSWORD);
  }

  /**
   * Writes the certificate and its private key (PKCS #8) as PEM files, for a server that reads no
   * PKCS12, such as Dovecot started by the tests: clients that trust {@link
   * SandboxMailServer#trustStore()} trust it too.
   */
  public static void writePem(Path certificate, Path privateKey) {
    try (InputStream in = Files.newInputStream(Extracted.KEY_STORE)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      String alias = store.aliases().nextElement();
      Certificate cert = store.getCertificate(alias);
      Key key = store.getKey(alias, PASSWORD.toCharArray());
      Files.writeString(certificate, pem("CERTIFICATE", cert.getEncoded()));
      Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      throw new SandboxException("cannot write the sandbox certificate as PEM", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  static Path trustStore() {
    return Extracted.TRUST_STORE;
  }

  /** A TLS context that trusts this certificate and nothing else. */
  static SSLContext sslContext() {
    try (InputStream in = Files.newInputStream(trustStore())) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new SandboxException("cannot load the sandbox certificate", e);
    }
  }

  private static Path extract(String resource) {
    try (InputStream in = SandboxCertificate.class.getResourceAsStream(resource)) {
      Path file = Files.createTempFile("mailgate-" + resource.replace(".p12", ""), ".p12");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new SandboxException("cannot write the sandbox key store " + resource, e);
    }
  }
}
