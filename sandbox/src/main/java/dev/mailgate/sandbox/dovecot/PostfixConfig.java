package dev.mailgate.sandbox.dovecot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private Postfix instance for one test server: its own configuration, queue and data
 * directories, smtpd on one loopback port only, the sandbox domain's mail handed to Dovecot's LMTP
 * ({@code virtual_transport = lmtp:inet:...}), and nothing ever sent off this machine ({@code
 * default_transport} and {@code relay_transport} are the error transport, but for {@link
 * #ELSEWHERE}, relayed to a loopback port when one is given). Daemons run unchrooted ({@code chroot
 * = n} in master.cf), as the queue lives in a temporary directory.
 *
 * <p>Settings: https://www.postfix.org/postconf.5.html and https://www.postfix.org/master.5.html.
 */
final class PostfixConfig {

  static final String DOMAIN = "mailgate.test";

  /** The one other domain Postfix delivers to: relayed over SMTP to a port on loopback. */
  static final String ELSEWHERE = "elsewhere.example";

  private final Path dir;
  private final DovecotPorts ports;
  private final int elsewherePort;

  /**
   * @param elsewherePort where mail for {@link #ELSEWHERE} is relayed (the sandbox's SMTP port); 0:
   *     nowhere, it bounces as every other domain
   */
  PostfixConfig(Path dir, DovecotPorts ports, int elsewherePort) {
    this.dir = dir;
    this.ports = ports;
    this.elsewherePort = elsewherePort;
  }

  /** Writes main.cf and master.cf into {@code <dir>/postfix}; returns that directory. */
  Path write() {
    Path conf = dir.resolve("postfix");
    try {
      Files.createDirectories(conf);
      Files.createDirectories(dir.resolve("postfix-queue"));
      Files.createDirectories(dir.resolve("postfix-data"));
      Files.writeString(conf.resolve("main.cf"), mainCf());
      Files.writeString(conf.resolve("master.cf"), masterCf());
      return conf;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Postfix's configuration in " + conf, e);
    }
  }

  private String mainCf() {
    return lines(
        "compatibility_level = 3.6",
        "queue_directory = " + dir.resolve("postfix-queue"),
        "data_directory = " + dir.resolve("postfix-data"),
        "mail_owner = postfix",
        "setgid_group = postdrop",
        // The master runs with -s: its stdout is the test's postfix.log.
        "maillog_file = /dev/stdout",
        "myhostname = mx." + DOMAIN,
        "mydomain = " + DOMAIN,
        "myorigin = " + DOMAIN,
        "mydestination =",
        "inet_interfaces = 127.0.0.1",
        "inet_protocols = ipv4",
        "mynetworks = 127.0.0.0/8",
        "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination",
        "virtual_mailbox_domains = " + DOMAIN,
        "virtual_transport = lmtp:inet:127.0.0.1:" + ports.lmtp(),
        "default_transport = error:this test server delivers to " + DOMAIN + " only",
        "relay_transport = error:this test server delivers to " + DOMAIN + " only",
        "alias_maps =",
        "alias_database =",
        "local_recipient_maps =",
        "smtp_dns_support_level = disabled",
        "biff = no",
        "smtputf8_enable = no",
        // Deliver at once: the tests wait for the mailbox, not for a queue run.
        "queue_run_delay = 1s",
        "minimal_backoff_time = 1s",
        "maximal_backoff_time = 2s",
        // The remote server a test makes refuse a recipient (inline: wants no blanks around "=");
        // the smtpd above accepts it (mynetworks may relay), the smtp client then meets the refusal
        // and Postfix bounces with a report.
        elsewherePort == 0
            ? "transport_maps ="
            : "transport_maps = inline:{ "
                + ELSEWHERE
                + "=smtp:[127.0.0.1]:"
                + elsewherePort
                + " }");
  }

  private String masterCf() {
    // service type private unpriv chroot wakeup maxproc command
    return lines(
        "127.0.0.1:" + ports.postfixSmtp() + " inet n - n - - smtpd",
        "pickup unix n - n 60 1 pickup",
        "cleanup unix n - n - 0 cleanup",
        "qmgr unix n - n 300 1 qmgr",
        "rewrite unix - - n - - trivial-rewrite",
        "bounce unix - - n - 0 bounce",
        "defer unix - - n - 0 bounce",
        "trace unix - - n - 0 bounce",
        "verify unix - - n - 1 verify",
        "flush unix n - n 1000? 0 flush",
        "proxymap unix - - n - - proxymap",
        "showq unix n - n - - showq",
        "error unix - - n - - error",
        "retry unix - - n - - error",
        "discard unix - - n - - discard",
        "lmtp unix - - n - - lmtp",
        "smtp unix - - n - - smtp",
        "anvil unix - - n - 1 anvil",
        "scache unix - - n - 1 scache",
        "postlog unix-dgram n - n - 1 postlogd");
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }
}
