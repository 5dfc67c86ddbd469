package dev.mailgate.security.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads and writes the master keyset: from {@code MAILGATE_MASTER_KEY} when set, else from the key
 * file. A generated or rotated keyset is written to the file with permissions 0600, atomically, so
 * a crash never leaves half a key.
 */
final class MasterKeySource {

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink AEAD cannot be registered", e);
    }
  }

  private final MasterKeyProperties properties;

  MasterKeySource(MasterKeyProperties properties) {
    this.properties = properties;
  }

  boolean fromEnvironment() {
    return properties.masterKey() != null && !properties.masterKey().isBlank();
  }

  Path file() {
    return properties.masterKeyFile();
  }

  String describe() {
    return fromEnvironment() ? "MAILGATE_MASTER_KEY" : "the key file " + file().toAbsolutePath();
  }

  /** The configured keyset, or empty when neither the variable nor the file exists. */
  Optional<KeysetHandle> load() {
    if (fromEnvironment()) {
      return Optional.of(parse(properties.masterKey().strip(), "MAILGATE_MASTER_KEY"));
    }
    Path file = file();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
    } catch (IOException e) {
      throw new MasterKeyException(
          "The master key file " + file.toAbsolutePath() + " cannot be read (" + e + ").",
          "Check its permissions and that it belongs to the user running Mailgate.",
          e);
    }
  }

  /** A new keyset with one AES-256-GCM key. */
  static KeysetHandle generate() {
    try {
      return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an AES-256-GCM key", e);
    }
  }

  /** Writes the keyset to the key file (0600); refused when the key comes from the environment. */
  void store(KeysetHandle keyset) {
    if (fromEnvironment()) {
      throw new MasterKeyException(
          "The master key comes from MAILGATE_MASTER_KEY, so Mailgate cannot change it.",
          "Rotate it where that variable is managed, or move the key to a file"
              + " (MAILGATE_MASTER_KEY_FILE) and unset the variable.");
    }
    Path file = file().toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(temp);
      createOwnerOnly(temp);
      Files.writeString(temp, serialize(keyset), StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new MasterKeyException(
          "The master key file " + file + " cannot be written (" + e + ").",
          "Check that the data directory is writable by the user running Mailgate.",
          e);
    }
  }

  /** The keyset as Tink JSON, e.g. to hand to {@code MAILGATE_MASTER_KEY}. */
  static String serialize(KeysetHandle keyset) {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot serialize the keyset", e);
    }
  }

  private static void createOwnerOnly(Path path) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(path);
    }
  }

  private static KeysetHandle parse(String text, String origin) {
    String json = text.startsWith("{") ? text : decodeBase64(text, origin);
    try {
      return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new MasterKeyException(
          "The master key in " + origin + " is not a valid Tink keyset.",
          "Give the JSON keyset Mailgate generated (or its base64), unchanged.",
          e);
    }
  }

  private static String decodeBase64(String text, String origin) {
    try {
      return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MasterKeyException(
          "The master key in " + origin + " is neither Tink JSON nor base64.",
          "Give the JSON keyset Mailgate generated (or its base64), unchanged.",
          e);
    }
  }
}
