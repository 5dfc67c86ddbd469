package dev.mailgate.mail.probe;

import java.io.InputStream;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Trusts exactly GreenMail's own self-signed certificate (the one in its jar), nothing else. */
final class GreenMailTrust {

  private GreenMailTrust() {}

  static SSLSocketFactory socketFactory() {
    try (InputStream in =
        com.icegreen.greenmail.util.GreenMail.class.getResourceAsStream("/greenmail.p12")) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, "changeit".toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (Exception e) {
      throw new IllegalStateException("cannot load GreenMail's certificate", e);
    }
  }
}
