package dev.mailgate.sandbox.dovecot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the Dovecot tests say when they cannot run, the reason they are skipped (or fail in CI). */
class DovecotInstallationTest {

  private static final Path THERE = Path.of("/bin/sh");
  private static final Path MISSING = Path.of("/usr/lib/dovecot/no-such-service");

  @Test
  void aMissingProgramIsNamedWithThePackagesToInstall() {
    String message = DovecotInstallation.missing(List.of(THERE, MISSING), "root").orElseThrow();

    assertThat(message)
        .contains(MISSING.toString())
        .doesNotContain(THERE.toString())
        .contains("apt-get install dovecot-core dovecot-imapd dovecot-pop3d dovecot-submissiond")
        .contains(".ci/run");
  }

  @Test
  void withEverythingInstalledOnlyRootCanRunThem() {
    assertThat(DovecotInstallation.missing(List.of(THERE), "root")).isEmpty();
    assertThat(DovecotInstallation.missing(List.of(THERE), "alice").orElseThrow())
        .contains("run them as root");
  }
}
