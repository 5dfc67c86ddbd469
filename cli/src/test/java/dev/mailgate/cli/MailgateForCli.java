package dev.mailgate.cli;

import dev.mailgate.MailgateApplication;
import dev.mailgate.security.apitoken.ApiTokens;
import java.nio.file.Path;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A whole Mailgate on H2 in this JVM, on a free loopback port, for the CLI to talk to. */
final class MailgateForCli implements AutoCloseable {

  private final ConfigurableApplicationContext context;

  MailgateForCli(Path dataDir) {
    String h2 =
        "jdbc:h2:file:"
            + dataDir.resolve("mailgate").toAbsolutePath()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    context =
        new SpringApplicationBuilder(MailgateApplication.class)
            .run(
                "--mailgate.data-dir=" + dataDir.toAbsolutePath(),
                "--mailgate.http-port=0",
                "--mailgate.http-address=127.0.0.1",
                "--mailgate.database.url=" + h2,
                "--mailgate.admin.password=correct horse battery staple",
                "--logging.structured.format.console=",
                // the sandbox provider of the device-flow test listens on loopback
                "--mailgate.outbound-urls.allow-private=true",
                // the sender retries a refused connection later, not during the test
                "--mailgate.outbound.retry-delays=1h",
                "--mailgate.outbound.sweep-interval=1h",
                "--mailgate.inbound.poll-interval=1h",
                "--mailgate.tokens.refresh-interval=1h",
                "--mailgate.webhooks.sweep-interval=1h");
  }

  String url() {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /** A new API token's secret, as an admin would create under Integrations > API tokens. */
  String newApiToken(String name) {
    return context.getBean(ApiTokens.class).issue(name, "admin").secret();
  }

  @Override
  public void close() {
    context.close();
  }
}
