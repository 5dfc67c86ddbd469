package dev.mailgate.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./mailgate master-key}: a keyset every node of a cluster can be given. */
class MasterKeyCommandTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return MasterKeyCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsOneBase64LineThatAMailgateStartsWith() {
    assertThat(run()).isEqualTo(MasterKeyCommand.DONE);
    String key = out.toString(StandardCharsets.UTF_8).strip();

    assertThat(key).matches("[A-Za-z0-9+/=]+");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("MAILGATE_MASTER_KEY");
    try (RunningMailgate mailgate =
        RunningMailgate.start(dir, TestDatabase.h2(dir), Map.of("mailgate.master-key", key))) {
      // A secret is encrypted with it: the API token issued through the UI works.
      AdminSession admin = new AdminSession(mailgate.baseUrl());
      admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
      String token = admin.issueApiToken("cli");
      assertThat(
              ApiClient.withToken(mailgate.baseUrl(), token)
                  .get("/api/v1/admin/master-key/keys")
                  .statusCode())
          .isEqualTo(200);
      assertThat(Files.exists(dir.resolve("master-key.json"))).as("no key file made").isFalse();
    }
  }

  @Test
  void twoRunsMakeTwoDifferentKeys() {
    run();
    String first = out.toString(StandardCharsets.UTF_8);
    out.reset();
    run();

    assertThat(out.toString(StandardCharsets.UTF_8)).isNotEqualTo(first);
  }

  @Test
  void writesTheKeyToANewFileOnlyItsOwnerCanRead() throws Exception {
    Path file = dir.resolve("keys").resolve("cluster-key.json");

    assertThat(run(file.toString())).isEqualTo(MasterKeyCommand.DONE);

    assertThat(out.size()).as("nothing secret on stdout").isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(new MasterKeySource(new MasterKeyProperties(null, file)).load()).isPresent();
  }

  @Test
  void refusesToReplaceAnExistingKeyFile() throws Exception {
    Path file = dir.resolve("master-key.json");
    Files.writeString(file, "the key of a running cluster");

    assertThat(run(file.toString())).isEqualTo(MasterKeyCommand.REFUSED);

    assertThat(Files.readString(file)).isEqualTo("the key of a running cluster");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists").contains(file.toString());
  }

  @Test
  void wrongUsageSaysHowAndExitsWithTwo() {
    assertThat(run("--help")).isEqualTo(MasterKeyCommand.USAGE);
    assertThat(run("a", "b")).isEqualTo(MasterKeyCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: mailgate master-key [FILE]");
  }
}
