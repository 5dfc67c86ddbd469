package dev.mailgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.mailgate.credential.TokenProperties;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.NewProvider;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.security.crypto.SecretCipher;
import dev.mailgate.security.crypto.SecretColumn;
import dev.mailgate.system.DbTime;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Benchmark, not a test of speed (tagged "benchmark", left out of the normal run): 10,000 OAuth
 * credentials stored, 1,000 of them due; one run of the refresh job must make exactly 1,000
 * token-endpoint calls. Reports its wall time and the SQL statements it executed, on H2 and on
 * PostgreSQL, to stdout and {@code server/target/benchmark/refresh-pass.txt}. Run it with the
 * command in docs/benchmarks.md.
 */
@Tag("benchmark")
class RefreshPassBenchmark {

  private static final int STORED = 10_000;
  private static final int DUE = 1_000;
  private static final Path REPORT = Path.of("target", "benchmark", "refresh-pass.txt");

  @TempDir Path dataDir;

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void oneRefreshRunOverTenThousandCredentialsWithAThousandDue(String kind) throws IOException {
    AtomicReference<CountingDataSource> statements = new AtomicReference<>();
    try (BenchTokenEndpoint endpoint = new BenchTokenEndpoint();
        RunningMailgate mailgate =
            RunningMailgate.startWith(
                dataDir,
                kind.equals("H2") ? TestDatabase.h2(dataDir) : TestDatabase.postgres(),
                // the job runs only when the benchmark runs it
                Map.of(
                    "mailgate.tokens.refresh-interval", "1h",
                    "mailgate.scheduler.polling-interval", "1h"),
                context ->
                    context
                        .getBeanFactory()
                        .addBeanPostProcessor(CountingDataSource.wrapping(statements)))) {
      awaitTheJobsFirstRunAtStart(mailgate);
      OAuthProvider provider = provider(mailgate, endpoint);
      long storing = System.nanoTime();
      store(mailgate, provider);
      Duration stored = Duration.ofNanos(System.nanoTime() - storing);
      String plan = dueQueryPlan(mailgate, kind);
      @SuppressWarnings("unchecked")
      RecurringTask<Void> job = mailgate.context().getBean("tokenRefreshTask", RecurringTask.class);

      statements.get().start();
      long started = System.nanoTime();
      job.execute(null, null);
      Duration wall = Duration.ofNanos(System.nanoTime() - started);
      Map<String, Long> executed = statements.get().stop();

      assertThat(endpoint.refreshes()).isEqualTo(DUE);
      assertThat(due(mailgate)).isZero();
      // per credential its row lock and its update; the provider and its secret once per run
      assertThat(executed.values().stream().mapToLong(Long::longValue).sum())
          .as("SQL statements of the run")
          .isLessThanOrEqualTo(2L * DUE + DUE / TokenProperties.DEFAULT_BATCH_SIZE + 5);
      statements.get().start();
      long againStarted = System.nanoTime();
      job.execute(null, null);
      Duration againWall = Duration.ofNanos(System.nanoTime() - againStarted);
      Map<String, Long> again = statements.get().stop();
      assertThat(endpoint.refreshes()).as("nothing due the second time").isEqualTo(DUE);

      report(kind, stored, wall, executed, againWall, again, dueQueryPlan(mailgate, kind));
    }
  }

  /** The job runs once when Mailgate starts; the benchmark's run must not overlap it. */
  private static void awaitTheJobsFirstRunAtStart(RunningMailgate mailgate) {
    JdbcClient jdbc = mailgate.bean(JdbcClient.class);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                jdbc.sql(
                            "select count(*) from scheduled_tasks where task_name = 'token-refresh'"
                                + " and last_success is not null and picked = false")
                        .query(Long.class)
                        .single()
                    == 1);
  }

  private static OAuthProvider provider(RunningMailgate mailgate, BenchTokenEndpoint endpoint) {
    return mailgate
        .bean(JdbcProviderStore.class)
        .create(
            new NewProvider(
                "Bench",
                ProviderPreset.CUSTOM,
                "bench-client",
                "bench-client-secret",
                null,
                endpoint.tokenUrl(),
                null,
                null,
                null,
                null,
                TokenAuthMethod.CLIENT_SECRET_POST,
                false,
                null,
                null,
                GrantType.AUTHORIZATION_CODE,
                false,
                null));
  }

  /** 10,000 credentials as authorizations leave them; 1,000 due a minute ago, the rest later. */
  private static void store(RunningMailgate mailgate, OAuthProvider provider) {
    SecretCipher cipher = mailgate.bean(SecretCipher.class);
    SecretColumn access = new SecretColumn("credential", "access_token_enc");
    SecretColumn refresh = new SecretColumn("credential", "refresh_token_enc");
    Instant now = Instant.now();
    List<Object[]> rows = new ArrayList<>(STORED);
    for (int i = 0; i < STORED; i++) {
      UUID id = UUID.randomUUID();
      boolean due = i % (STORED / DUE) == 0;
      Instant expires = due ? now.plus(Duration.ofMinutes(9)) : now.plus(Duration.ofMinutes(50));
      rows.add(
          new Object[] {
            id,
            provider.id(),
            "bench-" + i + "@mailgate.test",
            cipher.encrypt(access, id, "access-" + id),
            cipher.encrypt(refresh, id, "refresh-" + id),
            DbTime.of(expires),
            "openid offline_access imap",
            "AUTHORIZED",
            DbTime.of(expires.minus(Duration.ofMinutes(10))),
            DbTime.of(now),
            DbTime.of(now),
            DbTime.of(now)
          });
    }
    new JdbcTemplate(mailgate.bean(DataSource.class))
        .batchUpdate(
            "insert into credential (id, provider_id, identity, access_token_enc,"
                + " refresh_token_enc, access_token_expires_at, scopes, state, refresh_due_at,"
                + " refresh_token_issued_at, created_at, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows);
    assertThat(due(mailgate)).isEqualTo(DUE);
  }

  private static long due(RunningMailgate mailgate) {
    return mailgate
        .bean(JdbcClient.class)
        .sql("select count(*) from credential where refresh_due_at <= :now")
        .param("now", DbTime.of(Instant.now()))
        .query(Long.class)
        .single();
  }

  /** How the database finds the due rows (PostgreSQL: EXPLAIN of the job's due query). */
  private static String dueQueryPlan(RunningMailgate mailgate, String kind) {
    String explain =
        "explain select id, refresh_due_at from credential where refresh_due_at <= :now"
            + " order by refresh_due_at, id limit 200";
    JdbcClient jdbc = mailgate.bean(JdbcClient.class);
    if (kind.equals("PostgreSQL")) {
      jdbc.sql("analyze credential").update();
    }
    return String.join(
        "\n", jdbc.sql(explain).param("now", DbTime.of(Instant.now())).query(String.class).list());
  }

  private static void report(
      String kind,
      Duration stored,
      Duration wall,
      Map<String, Long> executed,
      Duration againWall,
      Map<String, Long> again,
      String plan)
      throws IOException {
    long total = executed.values().stream().mapToLong(Long::longValue).sum();
    long againTotal = again.values().stream().mapToLong(Long::longValue).sum();
    String text =
        String.format(
            """
            == Refresh job run on %s: %,d credentials stored, %,d due ==
            token-endpoint calls:   %,d
            wall time:              %,d ms  (%.2f ms per refreshed credential)
            SQL statements:         %,d  %s  (%.2f per refreshed credential)
            second run, none due:   %,d ms, %,d statements %s, 0 token calls
            (storing the credentials took %,d ms; not part of the run)
            due query plan (1,000 due):
            %s

            """,
            kind,
            STORED,
            DUE,
            DUE,
            wall.toMillis(),
            wall.toNanos() / 1e6 / DUE,
            total,
            executed,
            (double) total / DUE,
            againWall.toMillis(),
            againTotal,
            again,
            stored.toMillis(),
            plan.indent(2).stripTrailing());
    System.out.print(text);
    Files.createDirectories(REPORT.getParent());
    Files.writeString(
        REPORT,
        text,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }
}
