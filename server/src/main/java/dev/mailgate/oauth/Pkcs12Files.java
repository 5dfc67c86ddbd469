package dev.mailgate.oauth;

import dev.mailgate.system.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.util.Collections;

/**
 * Reads the certificate and private key out of a PKCS#12 file (.pfx / .p12), as an admin exports it
 * from a company CA or Azure Key Vault. The first entry with a private key counts; the key must be
 * RSA, since client assertions to Entra ID are signed RS256.
 */
final class Pkcs12Files {

  static final String FIELD = "certificateFile";

  private Pkcs12Files() {}

  static SigningKey read(byte[] file, char[] password) {
    if (file == null || file.length == 0) {
      throw new InvalidInputException(FIELD, "Choose the PKCS#12 file (.pfx or .p12) to import.");
    }
    KeyStore store;
    try {
      store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(file), password);
    } catch (IOException e) {
      throw new InvalidInputException(
          FIELD,
          "The file cannot be opened as PKCS#12: either the password is wrong or it is no .pfx /"
              + " .p12 file ("
              + e.getMessage()
              + "). Check the password it was exported with.");
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(FIELD, "The PKCS#12 file cannot be read: " + e.getMessage());
    }
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (!store.isKeyEntry(alias)) {
          continue;
        }
        Key key = store.getKey(alias, password);
        if (!(key instanceof PrivateKey privateKey)) {
          continue;
        }
        if (!(store.getCertificate(alias) instanceof X509Certificate certificate)) {
          continue;
        }
        if (!(privateKey instanceof RSAPrivateKey)) {
          throw new InvalidInputException(
              FIELD,
              "The file's key is "
                  + privateKey.getAlgorithm()
                  + "; Microsoft Entra ID takes client assertions signed with RSA only. Export an"
                  + " RSA certificate, or let Mailgate generate one.");
        }
        return new SigningKey(certificate, privateKey);
      }
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(
          FIELD,
          "The private key in the file cannot be read with this password: " + e.getMessage());
    }
    throw new InvalidInputException(
        FIELD,
        "The file holds no private key with its certificate: export the certificate with its"
            + " private key (in Windows: 'Yes, export the private key').");
  }
}
