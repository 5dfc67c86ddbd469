package dev.mailgate.sandbox.dovecot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether this machine can run a {@link DovecotServer}: Debian's Dovecot 2.3 packages (core, IMAP,
 * POP3, submission, LMTP) and Postfix, and root, which Postfix's master needs. CI installs the
 * packages ({@code .ci/run}) and sets {@value #REQUIRED_ENV}{@code =required}, so a missing server
 * fails there; elsewhere the Dovecot tests are skipped with this message.
 */
public final class DovecotInstallation {

  /** The environment variable that turns "skipped" into "failed". */
  public static final String REQUIRED_ENV = "MAILGATE_DOVECOT_TESTS";

  static final Path DOVECOT = Path.of("/usr/sbin/dovecot");
  static final Path POSTFIX = Path.of("/usr/sbin/postfix");
  static final Path POSTFIX_MASTER = Path.of("/usr/lib/postfix/sbin/master");
  private static final List<Path> DOVECOT_SERVICES =
      List.of("imap", "pop3", "submission", "lmtp").stream()
          .map(service -> Path.of("/usr/lib/dovecot", service))
          .toList();

  private DovecotInstallation() {}

  /** What is missing, in a sentence that says how to get it; empty when all is there. */
  public static Optional<String> missing() {
    List<Path> programs = new ArrayList<>(List.of(DOVECOT, POSTFIX, POSTFIX_MASTER));
    programs.addAll(DOVECOT_SERVICES);
    return missing(programs, System.getProperty("user.name"));
  }

  static Optional<String> missing(List<Path> programs, String user) {
    List<String> missing =
        programs.stream().filter(p -> !Files.isExecutable(p)).map(Path::toString).toList();
    if (!missing.isEmpty()) {
      return Optional.of(
          "Dovecot 2.3 and Postfix are needed for the Dovecot tests (missing: "
              + String.join(", ", missing)
              + "): apt-get install dovecot-core dovecot-imapd dovecot-pop3d dovecot-submissiond"
              + " dovecot-lmtpd postfix (.ci/run does it)");
    }
    if (!"root".equals(user)) {
      return Optional.of(
          "The Dovecot tests run Postfix, whose master runs only as root; run them as root (CI"
              + " does)");
    }
    return Optional.empty();
  }

  /** True when {@value #REQUIRED_ENV} is {@code required}: a missing server is then a failure. */
  public static boolean required() {
    return "required".equals(System.getenv(REQUIRED_ENV));
  }
}
