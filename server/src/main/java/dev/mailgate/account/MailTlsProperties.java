package dev.mailgate.account;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which TLS certificates Mailgate trusts when it connects to mail servers.
 *
 * @param trustStore a PKCS12 file with extra trusted certificates (a private CA, or the sandbox's
 *     self-signed certificate), trusted in addition to the JDK's. Default: none. Env {@code
 *     MAILGATE_MAIL_TRUST_STORE}.
 * @param trustStorePassword its password; from the environment ({@code
 *     MAILGATE_MAIL_TRUST_STORE_PASSWORD}). Default empty.
 */
@ConfigurationProperties("mailgate.mail")
public record MailTlsProperties(Path trustStore, String trustStorePassword) {

  @Override
  public String toString() {
    return "MailTlsProperties[trustStore=" + trustStore + "]";
  }
}
