package dev.mailgate.testing;

import dev.mailgate.MailgateApplication;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A whole Mailgate server started in this JVM on a free port, with its data directory and database
 * chosen by the test; stopped and started again to prove what survives a restart.
 */
public final class RunningMailgate implements AutoCloseable {

  public static final String ADMIN_PASSWORD = "correct horse battery staple";

  private final Map<String, Object> properties;
  private final ApplicationContextInitializer<ConfigurableApplicationContext> initializer;
  private ConfigurableApplicationContext context;

  private RunningMailgate(
      Map<String, Object> properties,
      ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
    this.properties = properties;
    this.initializer = initializer;
  }

  /** Starts Mailgate with the given data directory and database; extra properties override. */
  public static RunningMailgate start(
      Path dataDir, TestDatabase database, Map<String, Object> extra) {
    return startWith(dataDir, database, extra, context -> {});
  }

  /**
   * As {@link #start(Path, TestDatabase, Map)}, with {@code clock} (e.g. a {@link SettableClock})
   * as the clock every part of Mailgate reads; null keeps the system clock.
   */
  public static RunningMailgate start(
      Path dataDir, TestDatabase database, Map<String, Object> extra, Clock clock) {
    return startWith(
        dataDir,
        database,
        extra,
        context -> {
          if (clock != null) {
            ((GenericApplicationContext) context)
                .registerBean("testClock", Clock.class, () -> clock, bean -> bean.setPrimary(true));
          }
        });
  }

  /** As {@link #start(Path, TestDatabase, Map)}, with a hook into the context before it starts. */
  public static RunningMailgate startWith(
      Path dataDir,
      TestDatabase database,
      Map<String, Object> extra,
      ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
    Map<String, Object> properties = testProperties(dataDir, database);
    properties.putAll(extra);
    RunningMailgate mailgate = new RunningMailgate(properties, initializer);
    mailgate.startContext();
    return mailgate;
  }

  /**
   * The properties a test's Mailgate runs with (here or in a {@link MailgateProcess}): its data
   * directory and database, a free port on loopback, the known admin password, plain-text logs, and
   * background jobs that wait an hour unless the test sets their interval.
   */
  static Map<String, Object> testProperties(Path dataDir, TestDatabase database) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("mailgate.data-dir", dataDir.toAbsolutePath().toString());
    properties.put("mailgate.http-port", "0");
    properties.put("mailgate.http-address", "127.0.0.1");
    properties.put("mailgate.database.url", database.url());
    properties.put("mailgate.database.username", database.username());
    properties.put("mailgate.database.password", database.password());
    properties.put("mailgate.admin.password", ADMIN_PASSWORD);
    properties.put("logging.structured.format.console", "");
    // The tests' providers and receivers listen on loopback over http: the outbound-URL guard's
    // own tests turn this off again.
    properties.put("mailgate.outbound-urls.allow-private", "true");
    // Every test signs in from 127.0.0.1: wrong tokens and passwords tried by one test must not
    // lock the next one out. The throttle's own test sets the real default again.
    properties.put("mailgate.sign-in.max-failures", "1000");
    // Pages show times in one zone; tests read them in UTC whatever this machine's zone is.
    properties.put("mailgate.ui.time-zone", "UTC");
    // Background jobs run only when a test asks for them (by setting their interval): otherwise
    // a poll or sweep starting mid-test would touch the test's mailboxes and counters.
    properties.put("mailgate.inbound.poll-interval", "1h");
    properties.put("mailgate.inbound.graph-poll-interval", "1h");
    properties.put("mailgate.inbound.idle", "false");
    properties.put("mailgate.outbound.sweep-interval", "1h");
    properties.put("mailgate.tokens.refresh-interval", "1h");
    properties.put("mailgate.webhooks.sweep-interval", "1h");
    return properties;
  }

  public static RunningMailgate start(Path dataDir, TestDatabase database) {
    return start(dataDir, database, Map.of());
  }

  private void startContext() {
    // Command-line arguments, because they win over application.yml (default properties do not).
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    context =
        new SpringApplicationBuilder(MailgateApplication.class).initializers(initializer).run(args);
  }

  public void restart() {
    close();
    startContext();
  }

  public String baseUrl() {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return "http://127.0.0.1:" + port;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public ConfigurableApplicationContext context() {
    return context;
  }

  @Override
  public void close() {
    if (context != null) {
      context.close();
      context = null;
    }
  }
}
