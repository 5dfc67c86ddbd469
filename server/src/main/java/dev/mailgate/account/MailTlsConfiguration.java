package dev.mailgate.account;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The TLS socket factory for every mail connection: the JDK's trusted CAs plus, if configured, the
 * certificates of {@code mailgate.mail.trust-store}. Nothing is ever trusted blindly.
 */
@Configuration(proxyBeanMethods = false)
class MailTlsConfiguration {

  @Bean
  SSLSocketFactory mailSocketFactory(MailTlsProperties properties)
      throws GeneralSecurityException, IOException {
    List<X509TrustManager> managers = new ArrayList<>();
    managers.add(trustManager(null));
    if (properties.trustStore() != null) {
      KeyStore extra = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(properties.trustStore())) {
        String password = properties.trustStorePassword();
        extra.load(in, password == null ? new char[0] : password.toCharArray());
      }
      managers.add(trustManager(extra));
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new AnyOf(managers)}, null);
    return context.getSocketFactory();
  }

  private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X509 trust manager");
  }

  /** Trusts a server certificate that any of the given trust managers trusts. */
  private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      CertificateException last = null;
      for (X509TrustManager manager : managers) {
        try {
          manager.checkServerTrusted(chain, authType);
          return;
        } catch (CertificateException e) {
          last = e;
        }
      }
      throw last;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      managers.getFirst().checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return managers.stream()
          .flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
          .toArray(X509Certificate[]::new);
    }
  }
}
