package dev.mailgate.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.testing.KnownSecrets;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Rotation puts every stored secret under a new key; old keys decrypt until removed. */
class MasterKeyRotationTest {

  @TempDir Path dataDir;

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void rotationReencryptsEveryRowUnderTheNewPrimaryKey(String kind) throws Exception {
    TestDatabase database = TestDatabase.of(kind, dataDir);
    try (RunningMailgate mailgate = RunningMailgate.start(dataDir, database)) {
      List<KnownSecrets> stored =
          List.of(KnownSecrets.storeIn(mailgate), KnownSecrets.storeIn(mailgate));
      MasterKeyRotation rotation = mailgate.bean(MasterKeyRotation.class);
      int oldKey = rotation.keys().getFirst().id();

      MasterKeyRotation.Report report = rotation.rotate();

      assertThat(report.primaryKeyId()).isNotEqualTo(oldKey);
      // 2 x (client secret, password, access token, refresh token) + the key check row
      assertThat(report.reencrypted()).isEqualTo(9);
      assertThat(keyIdsOfAllSecrets(mailgate)).containsOnly(report.primaryKeyId());
      assertThat(rotation.keys())
          .extracting(MasterKeyRotation.KeyInfo::id, MasterKeyRotation.KeyInfo::secrets)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(report.primaryKeyId(), 9L),
              org.assertj.core.groups.Tuple.tuple(oldKey, 0L));

      rotation.removeKey(oldKey);
      assertThat(rotation.keys()).hasSize(1);

      mailgate.restart();
      for (KnownSecrets secrets : stored) {
        assertDecrypts(mailgate, secrets);
      }
    }
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("master-key.json"))))
        .isEqualTo("rw-------");
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void anOldKeyStillInUseDecryptsAndCannotBeRemovedUntilReencrypted(String kind) {
    try (RunningMailgate mailgate =
        RunningMailgate.start(dataDir, TestDatabase.of(kind, dataDir))) {
      KnownSecrets secrets = KnownSecrets.storeIn(mailgate);
      MasterKeyRotation rotation = mailgate.bean(MasterKeyRotation.class);
      int oldKey = rotation.keys().getFirst().id();
      String underOldKey = passwordCiphertext(mailgate, secrets);
      rotation.rotate();
      // A rotation cut short, or a row restored from a backup: still under the old key.
      setPasswordCiphertext(mailgate, secrets, underOldKey);

      assertDecrypts(mailgate, secrets);
      assertThatThrownBy(() -> rotation.removeKey(oldKey))
          .isInstanceOf(MasterKeyException.class)
          .hasMessageContaining("still encrypts 1 secrets");
      assertThatThrownBy(() -> rotation.removeKey(rotation.keys().getFirst().id()))
          .isInstanceOf(MasterKeyException.class)
          .hasMessageContaining("primary");

      assertThat(rotation.reencryptAll().reencrypted()).isEqualTo(1);
      rotation.removeKey(oldKey);
      assertDecrypts(mailgate, secrets);
    }
  }

  private static void setPasswordCiphertext(
      RunningMailgate mailgate, KnownSecrets secrets, String ciphertext) {
    mailgate
        .bean(JdbcClient.class)
        .sql("update email_account set password_enc = :c where id = :id")
        .param("c", ciphertext)
        .param("id", secrets.account().id())
        .update();
  }

  private static String passwordCiphertext(RunningMailgate mailgate, KnownSecrets secrets) {
    return mailgate
        .bean(JdbcClient.class)
        .sql("select password_enc from email_account where id = :id")
        .param("id", secrets.account().id())
        .query(String.class)
        .single();
  }

  private static void assertDecrypts(RunningMailgate mailgate, KnownSecrets secrets) {
    assertThat(mailgate.bean(JdbcProviderStore.class).clientSecret(secrets.provider().id()))
        .contains(secrets.clientSecret());
    assertThat(mailgate.bean(JdbcAccountStore.class).password(secrets.account().id()))
        .contains(secrets.password());
    assertThat(
            mailgate
                .bean(JdbcCredentialStore.class)
                .tokens(secrets.credential().id())
                .orElseThrow()
                .refreshToken())
        .isEqualTo(secrets.refreshToken());
  }

  private static List<Integer> keyIdsOfAllSecrets(RunningMailgate mailgate) {
    JdbcClient jdbc = mailgate.bean(JdbcClient.class);
    return mailgate.bean(SecretColumns.class).all().stream()
        .flatMap(
            column ->
                jdbc
                    .sql(
                        "select "
                            + column.column()
                            + " from "
                            + column.table()
                            + " where "
                            + column.column()
                            + " is not null")
                    .query(String.class)
                    .list()
                    .stream())
        .map(SecretCipher::keyIdOf)
        .toList();
  }
}
