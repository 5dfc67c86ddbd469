package dev.mailgate.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.testing.KnownSecrets;
import dev.mailgate.testing.RawDatabase;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every secret is stored encrypted, bound to its table, column and row, on H2 and PostgreSQL. */
class SecretsAtRestTest {

  @TempDir Path dataDir;

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void noStoredSecretIsReadableInTheDatabaseRows(String kind) {
    try (RunningMailgate mailgate =
        RunningMailgate.start(dataDir, TestDatabase.of(kind, dataDir))) {
      KnownSecrets secrets = KnownSecrets.storeIn(mailgate);

      List<String> everything = RawDatabase.allValues(mailgate.bean(JdbcClient.class));

      assertThat(everything).isNotEmpty();
      for (String secret : secrets.values()) {
        assertThat(everything).noneMatch(value -> value != null && value.contains(secret));
      }
      assertThat(mailgate.bean(JdbcProviderStore.class).clientSecret(secrets.provider().id()))
          .contains(secrets.clientSecret());
      assertThat(mailgate.bean(JdbcAccountStore.class).password(secrets.account().id()))
          .contains(secrets.password());
      var tokens = mailgate.bean(JdbcCredentialStore.class).tokens(secrets.credential().id());
      assertThat(tokens.orElseThrow().accessToken()).isEqualTo(secrets.accessToken());
      assertThat(tokens.orElseThrow().refreshToken()).isEqualTo(secrets.refreshToken());
    }
  }

  @Test
  void theH2DatabaseFileHoldsNoSecretInClear() throws IOException {
    KnownSecrets secrets;
    try (RunningMailgate mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir))) {
      secrets = KnownSecrets.storeIn(mailgate);
    }

    byte[] file = Files.readAllBytes(dataDir.resolve("mailgate.mv.db"));
    String raw = new String(file, StandardCharsets.ISO_8859_1);

    assertThat(raw).contains(secrets.provider().name()); // the file is readable as such
    for (String secret : secrets.values()) {
      assertThat(raw).doesNotContain(secret);
    }
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aCiphertextCopiedToAnotherRowDoesNotDecrypt(String kind) {
    try (RunningMailgate mailgate =
        RunningMailgate.start(dataDir, TestDatabase.of(kind, dataDir))) {
      KnownSecrets first = KnownSecrets.storeIn(mailgate);
      KnownSecrets second = KnownSecrets.storeIn(mailgate);
      JdbcClient jdbc = mailgate.bean(JdbcClient.class);

      jdbc.sql(
              "update email_account set password_enc ="
                  + " (select password_enc from email_account where id = :from) where id = :to")
          .param("from", first.account().id())
          .param("to", second.account().id())
          .update();

      assertThatThrownBy(
              () -> mailgate.bean(JdbcAccountStore.class).password(second.account().id()))
          .isInstanceOf(SecretDecryptionException.class)
          .hasMessageContaining("email_account.password_enc")
          .hasMessageContaining(second.account().id().toString());
      assertThat(mailgate.bean(JdbcAccountStore.class).password(first.account().id()))
          .contains(first.password());
    }
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aCiphertextCopiedToAnotherColumnOfTheSameRowDoesNotDecrypt(String kind) {
    try (RunningMailgate mailgate =
        RunningMailgate.start(dataDir, TestDatabase.of(kind, dataDir))) {
      KnownSecrets secrets = KnownSecrets.storeIn(mailgate);
      JdbcClient jdbc = mailgate.bean(JdbcClient.class);

      jdbc.sql("update credential set access_token_enc = refresh_token_enc where id = :id")
          .param("id", secrets.credential().id())
          .update();

      assertThatThrownBy(
              () -> mailgate.bean(JdbcCredentialStore.class).tokens(secrets.credential().id()))
          .isInstanceOf(SecretDecryptionException.class)
          .hasMessageContaining("credential.access_token_enc");
    }
  }
}
