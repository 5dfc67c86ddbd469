package dev.mailgate.sandbox.dovecot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipalLookupService;

/**
 * Whose the mailboxes are. Dovecot allows no mail access as root, so a test run as root (CI) gives
 * the mail directory to Debian's {@code mail} user, as a stock set-up has a {@code vmail} user;
 * otherwise the mail is the test user's own.
 *
 * @param root whether the tests run as root (Dovecot's own processes then run as Debian's {@code
 *     dovecot} and {@code dovenull} users)
 */
record MailOwner(String user, String group, int uid, int gid, boolean root) {

  private static final String DEBIAN_MAIL_USER = "mail";

  /** Gives the mail directory to its owner (when root) and says who that is. */
  static MailOwner of(Path mailDir) {
    try {
      boolean root = (Integer) Files.getAttribute(mailDir, "unix:uid") == 0;
      if (root) {
        UserPrincipalLookupService users = mailDir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view =
            Files.getFileAttributeView(mailDir, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(DEBIAN_MAIL_USER));
        view.setGroup(users.lookupPrincipalByGroupName(DEBIAN_MAIL_USER));
      }
      PosixFileAttributes attributes = Files.readAttributes(mailDir, PosixFileAttributes.class);
      return new MailOwner(
          attributes.owner().getName(),
          attributes.group().getName(),
          (Integer) Files.getAttribute(mailDir, "unix:uid"),
          (Integer) Files.getAttribute(mailDir, "unix:gid"),
          root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot give " + mailDir + " its owner", e);
    }
  }
}
