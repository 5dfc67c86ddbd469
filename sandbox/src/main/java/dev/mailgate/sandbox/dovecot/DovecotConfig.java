package dev.mailgate.sandbox.dovecot;

import dev.mailgate.sandbox.SandboxScopes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Dovecot's configuration for one test server, written into its directory: everything (sockets,
 * state, logs, mailboxes) under that directory, every listener on 127.0.0.1, and the sign-in of a
 * stock Dovecot 2.3 set up for an OpenID provider: mechanisms XOAUTH2 and OAUTHBEARER only, tokens
 * checked by RFC 7662 introspection at the sandbox issuer ({@code passdb oauth2}, {@code
 * introspection_mode = post}), one passdb per protocol so a token needs that protocol's scope, as
 * at Microsoft 365. Every address of the sandbox domain has a mailbox ({@code userdb static});
 * submission relays to Postfix, which delivers back through Dovecot's LMTP.
 *
 * <p>The mail belongs to {@link MailOwner}; run as root (CI), Dovecot's processes run as Debian's
 * {@code dovecot} and {@code dovenull} users, as the packages set them up.
 *
 * <p>Settings: https://doc.dovecot.org/2.3/configuration_manual/authentication/oauth2/ and
 * https://doc.dovecot.org/2.3/settings/core/.
 */
final class DovecotConfig {

  /** The scope a token needs per Dovecot protocol, as the sandbox mail server asks for it. */
  private static final Map<String, String> SCOPES =
      Map.of("imap", SandboxScopes.IMAP, "pop3", SandboxScopes.POP, "submission", "smtp");

  private final Path dir;
  private final DovecotPorts ports;
  private final String introspectionUrl;
  private final MailOwner mail;
  private final DovecotTuning tuning;

  DovecotConfig(
      Path dir, DovecotPorts ports, String introspectionUrl, MailOwner mail, DovecotTuning tuning) {
    this.dir = dir;
    this.ports = ports;
    this.introspectionUrl = introspectionUrl;
    this.mail = mail;
    this.tuning = tuning;
  }

  /** Writes dovecot.conf and the files it names; returns dovecot.conf. */
  Path write() {
    try {
      for (String sub : List.of("run", "state")) {
        Files.createDirectories(dir.resolve(sub));
      }
      for (String protocol : SCOPES.keySet()) {
        Files.writeString(dir.resolve("oauth2-" + protocol + ".conf.ext"), oauth2(protocol));
      }
      Path conf = dir.resolve("dovecot.conf");
      Files.writeString(conf, dovecotConf());
      return conf;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Dovecot's configuration in " + dir, e);
    }
  }

  private String oauth2(String protocol) {
    // mock-oauth2-server wants the caller authenticated (any Basic credentials do); it checks the
    // token's issuer against the URL it was asked on, so the URL names localhost as the issuer
    // does.
    String url = introspectionUrl.replaceFirst("^http://", "http://dovecot:dovecot-secret@");
    return lines(
        "introspection_mode = post",
        "introspection_url = " + url,
        "force_introspection = yes",
        "username_attribute = username",
        "active_attribute = active",
        "active_value = true",
        "scope = " + SCOPES.get(protocol),
        "timeout_msecs = 10000");
  }

  private String dovecotConf() {
    StringBuilder conf = new StringBuilder();
    conf.append(
        lines(
            "protocols = imap pop3 submission lmtp",
            "instance_name = mailgate-test-" + dir.getFileName(),
            "base_dir = " + dir.resolve("run"),
            "state_dir = " + dir.resolve("state"),
            "listen = 127.0.0.1",
            "hostname = localhost",
            "log_path = " + dir.resolve("dovecot.log"),
            "log_timestamp = \"%H:%M:%S.%{usecs} \"",
            "auth_verbose = yes",
            // Dovecot's login processes refuse to run as root: Debian's users, as a stock set-up.
            "default_internal_user = " + (mail.root() ? "dovecot" : mail.user()),
            "default_internal_group = " + (mail.root() ? "dovecot" : mail.group()),
            "default_login_user = " + (mail.root() ? "dovenull" : mail.user()),
            "mail_uid = " + mail.uid(),
            "mail_gid = " + mail.gid(),
            "first_valid_uid = " + mail.uid(),
            "first_valid_gid = " + mail.gid(),
            "mail_location = maildir:~/Maildir",
            "ssl = yes",
            "ssl_cert = <" + dir.resolve("tls-cert.pem"),
            "ssl_key = <" + dir.resolve("tls-key.pem"),
            "ssl_min_protocol = TLSv1.2",
            "auth_mechanisms = xoauth2 oauthbearer"
                + (tuning.password() == null ? "" : " plain login"),
            // Refusals answered at once (default: 2 s), so refusal tests take no longer than
            // others.
            "auth_failure_delay = 0",
            "login_trusted_networks = 127.0.0.0/8",
            "submission_relay_host = 127.0.0.1",
            "submission_relay_port = " + ports.postfixSmtp(),
            "submission_relay_trusted = yes",
            "submission_relay_ssl = no",
            "postmaster_address = postmaster@mailgate.test",
            // Every address of the domain has a mailbox, as with a directory behind the provider:
            // the passdb (oauth2) cannot list users, so LMTP takes any address Postfix routes here.
            "userdb {",
            "  driver = static",
            "  args = home=" + dir.resolve("mail") + "/%Lu allow_all_users=yes",
            "}"));
    for (String protocol : SCOPES.keySet()) {
      conf.append(
          lines(
              "protocol " + protocol + " {",
              "  passdb {",
              "    driver = oauth2",
              "    mechanisms = xoauth2 oauthbearer",
              "    args = " + dir.resolve("oauth2-" + protocol + ".conf.ext"),
              "  }",
              "}"));
    }
    if (tuning.password() != null) {
      // After the token passdbs, for the password mechanisms only: a benchmark's thousands of
      // mailboxes sign in without a token each (the sign-in is not what it measures).
      conf.append(
          lines(
              "passdb {",
              "  driver = static",
              "  args = password=" + tuning.password(),
              "  mechanisms = plain login",
              "}"));
    }
    if (tuning.tuned()) {
      conf.append(scale());
    }
    conf.append(
        lines(
            listener("imap-login", "imap", ports.imap(), "imaps", ports.imaps()),
            listener("pop3-login", "pop3", ports.pop3(), "pop3s", ports.pop3s()),
            listener(
                "submission-login",
                "submission",
                ports.submission(),
                "submissions",
                ports.submissions()),
            // No growing pause after each refused sign-in from 127.0.0.1 (Dovecot's auth penalty):
            // the tests refuse tokens on purpose, one after another, all from loopback.
            "service anvil {",
            "  unix_listener anvil-auth-penalty {",
            "    mode = 0",
            "  }",
            "}",
            "service lmtp {",
            "  inet_listener lmtp {",
            "    address = 127.0.0.1",
            "    port = " + ports.lmtp(),
            "  }",
            "}"));
    return conf.toString();
  }

  /**
   * Limits for {@link DovecotTuning#connections()} IMAP connections at once, as Dovecot's guide for
   * many users sets them (https://doc.dovecot.org/2.3/admin_manual/login_processes/ and
   * .../configuration_manual/service_configuration/): login processes in high-performance mode
   * (each proxies up to {@value DovecotTuning#CLIENTS_PER_LOGIN_PROCESS} TLS connections), imap
   * processes serving {@value DovecotTuning#CLIENTS_PER_IMAP_PROCESS} clients each instead of one
   * process per connection, and room in the internal services every one of those processes connects
   * to. File descriptors: each process needs about two per client, well inside the {@code ulimit
   * -n} it inherits (checked by Dovecot at start, which logs a warning otherwise).
   */
  private String scale() {
    return lines(
        "default_client_limit = " + tuning.internalClients(),
        "default_vsz_limit = 1G",
        "protocol imap {",
        "  mail_max_userip_connections = 50",
        "}",
        "service imap-login {",
        "  service_count = 0",
        "  client_limit = " + DovecotTuning.CLIENTS_PER_LOGIN_PROCESS,
        "  process_limit = " + tuning.loginProcesses(),
        "  process_min_avail = 2",
        "}",
        "service imap {",
        // service_count 1 (imap's default) ends a process after its one client, so client_limit
        // would never be used: 0 lets one process serve clients until it has client_limit
        "  service_count = 0",
        "  client_limit = " + DovecotTuning.CLIENTS_PER_IMAP_PROCESS,
        "  process_limit = " + tuning.imapProcesses(),
        "}");
  }

  private static String listener(
      String service, String plain, int plainPort, String tls, int tlsPort) {
    return lines(
        "service " + service + " {",
        "  inet_listener " + plain + " {",
        "    port = " + plainPort,
        "  }",
        "  inet_listener " + tls + " {",
        "    port = " + tlsPort,
        "    ssl = yes",
        "  }",
        "}");
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }
}
