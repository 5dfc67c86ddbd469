package dev.mailgate.mail.probe;

import dev.mailgate.sandbox.SandboxMailServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Trusts exactly the sandbox mail server's certificate, nothing else. */
final class SandboxTrust {

  private SandboxTrust() {}

  static SSLSocketFactory socketFactory() {
    try (InputStream in = Files.newInputStream(SandboxMailServer.trustStore())) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, SandboxMailServer.TRUST_STORE_PASSWORD.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the sandbox certificate", e);
    }
  }
}
