package dev.mailgate.security.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Encrypts and decrypts secrets for storage: AES-256-GCM through Tink, with the table, column and
 * row as associated data. The ciphertext is stored as base64; its Tink prefix names the key that
 * made it, so old keys keep decrypting after a rotation until they are removed.
 *
 * <p>The keyset is installed by {@link MasterKeyGuard} before any migration runs; until then, and
 * if the key did not fit the database, nothing can be encrypted or decrypted.
 */
@Component
public class SecretCipher {

  private record Keys(KeysetHandle keyset, Aead aead) {}

  private volatile Keys keys;

  public String encrypt(SecretColumn column, Object rowId, String plaintext) {
    if (plaintext == null) {
      return null;
    }
    try {
      byte[] ciphertext =
          keys()
              .aead
              .encrypt(plaintext.getBytes(StandardCharsets.UTF_8), column.associatedData(rowId));
      return Base64.getEncoder().encodeToString(ciphertext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed for " + column, e);
    }
  }

  public String decrypt(SecretColumn column, Object rowId, String ciphertext) {
    if (ciphertext == null) {
      return null;
    }
    try {
      byte[] plaintext =
          keys().aead.decrypt(Base64.getDecoder().decode(ciphertext), column.associatedData(rowId));
      return new String(plaintext, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SecretDecryptionException(column, rowId, e);
    }
  }

  /** The id of the key that made this ciphertext (Tink's 5-byte prefix: version, key id). */
  static int keyIdOf(String ciphertext) {
    byte[] bytes = Base64.getDecoder().decode(ciphertext);
    return ByteBuffer.wrap(bytes, 1, 4).getInt();
  }

  int primaryKeyId() {
    return keys().keyset.getPrimary().getId();
  }

  KeysetHandle keyset() {
    return keys().keyset;
  }

  void use(KeysetHandle keyset) {
    try {
      keys = new Keys(keyset, keyset.getPrimitive(RegistryConfiguration.get(), Aead.class));
    } catch (GeneralSecurityException e) {
      throw new MasterKeyException(
          "The master keyset holds no usable AEAD key.",
          "Give the keyset Mailgate generated, unchanged.",
          e);
    }
  }

  private Keys keys() {
    Keys current = keys;
    if (current == null) {
      throw new IllegalStateException("the master key is not loaded yet");
    }
    return current;
  }
}
