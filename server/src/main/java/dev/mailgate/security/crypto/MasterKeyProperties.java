package dev.mailgate.security.crypto;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the master keyset (Tink, AES-256-GCM) that encrypts every secret at rest comes from.
 *
 * @param masterKey the keyset itself, as Tink JSON or base64 of it. Set it from the environment
 *     ({@code MAILGATE_MASTER_KEY}) or a secret store, never in a committed file. When set, it wins
 *     over the file. Default: unset.
 * @param masterKeyFile the keyset file; generated with permissions 0600 on the first start of a new
 *     database when no key is given. Default {@code <data-dir>/master-key.json}; env {@code
 *     MAILGATE_MASTER_KEY_FILE}.
 */
@ConfigurationProperties("mailgate")
public record MasterKeyProperties(String masterKey, Path masterKeyFile) {

  @Override
  public String toString() {
    return "MasterKeyProperties[masterKey="
        + (masterKey == null ? "unset" : "[hidden]")
        + ", masterKeyFile="
        + masterKeyFile
        + "]";
  }
}
