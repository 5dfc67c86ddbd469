package dev.mailgate.event;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.MailgateOnEachDatabase;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * The event log on H2 and PostgreSQL: admin actions recorded with their actor, the API's filters
 * and paging, clear refusals of bad filters, the retention job, and V13's move of the old
 * credential events into it.
 */
class EventLogTest {

  @TempDir static Path dataDir;
  private static MailgateOnEachDatabase mailgates;

  @BeforeAll
  static void start() {
    mailgates = MailgateOnEachDatabase.start(dataDir);
  }

  @AfterAll
  static void stop() {
    mailgates.close();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void anAccountCreatedThroughTheApiIsRecordedWithTheTokenAsActor(String kind) {
    JsonApi api = new JsonApi(mailgates.on(kind));
    String name = "events " + UUID.randomUUID();

    Reply created = api.post("/api/v1/accounts", account(name));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String id = JsonApi.id(created);

    JsonNode events = events(api, "?type=ACCOUNT_CREATED&account=" + id);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("actor").asString()).isEqualTo("api-token:tests");
    assertThat(events.get(0).get("summary").asString()).contains(name);
    assertThat(events.get(0).get("details").get("type").asString()).isEqualTo("IMAP");
    assertThat(events.get(0).get("details").toString()).doesNotContain("secret password");

    assertThat(api.delete("/api/v1/accounts/" + id).status()).isEqualTo(204);
    // an active account is read as soon as it is created (its reader's events are not asked here)
    assertThat(events(api, "?type=ACCOUNT_CREATED&type=ACCOUNT_DELETED&account=" + id))
        .extracting(e -> e.get("type").asString())
        .containsExactly("ACCOUNT_DELETED", "ACCOUNT_CREATED");
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void theFiltersNarrowByTextAndTimeAndPagesGoBackInTime(String kind) {
    RunningMailgate mailgate = mailgates.on(kind);
    JsonApi api = new JsonApi(mailgate);
    String marker = "marker-" + UUID.randomUUID().toString().substring(0, 8);
    EventLog log = mailgate.bean(EventLog.class);
    Instant now = Instant.now();
    log.record(EventType.PROVIDER_UPDATED, null, null, "first " + marker, Map.of(), now);
    log.record(EventType.PROVIDER_UPDATED, null, null, "second " + marker, Map.of(), now);
    log.record(
        EventType.PROVIDER_UPDATED,
        null,
        null,
        "old " + marker,
        Map.of(),
        now.minus(Duration.ofDays(3)));

    assertThat(summaries(events(api, "?text=" + marker.toUpperCase())))
        .containsExactly("old " + marker, "second " + marker, "first " + marker);
    assertThat(summaries(events(api, "?text=" + marker + "&from=" + now.minus(Duration.ofDays(1)))))
        .containsExactly("second " + marker, "first " + marker);
    assertThat(events(api, "?text=" + marker + "&type=ADMIN_LOGIN")).isEmpty();

    JsonNode first = ok(api.get("/api/v1/events?limit=1&text=" + marker));
    assertThat(summaries(first.get("events"))).containsExactly("old " + marker);
    JsonNode second =
        ok(api.get("/api/v1/events?limit=2&text=" + marker + "&before=" + first.get("next")));
    assertThat(summaries(second.get("events")))
        .containsExactly("second " + marker, "first " + marker);
  }

  @Test
  void aBadFilterIsRefusedNamingTheFieldAndWhatIsExpected() {
    JsonApi api = new JsonApi(mailgates.on("H2"));

    Reply type = api.get("/api/v1/events?type=NOPE");
    assertThat(type.status()).isEqualTo(400);
    assertThat(type.json().get("field").asString()).isEqualTo("type");
    assertThat(type.json().get("detail").asString()).contains("ACCOUNT_CREATED");

    Reply from = api.get("/api/v1/events?from=yesterday");
    assertThat(from.status()).isEqualTo(400);
    assertThat(from.json().get("field").asString()).isEqualTo("from");
    assertThat(from.json().get("detail").asString()).contains("2026-05-02T10:00:00Z");

    Reply limit = api.get("/api/v1/events?limit=0");
    assertThat(limit.status()).isEqualTo(400);
    assertThat(limit.json().get("field").asString()).isEqualTo("limit");
  }

  @Test
  void adminLoginsAreRecordedButARefusedLoginIsNoEvent() {
    RunningMailgate mailgate = mailgates.on("H2");
    JsonApi api = new JsonApi(mailgate);
    int refusedBefore = events(api, "?type=ADMIN_LOGIN_FAILED").size();
    new AdminSession(mailgate.baseUrl()).login("admin", "not the password");
    new AdminSession(mailgate.baseUrl()).login("admin", RunningMailgate.ADMIN_PASSWORD);

    JsonNode logins = events(api, "?type=ADMIN_LOGIN&limit=1");
    assertThat(logins.get(0).get("actor").asString()).isEqualTo("admin:admin");
    // One event per lockout (SignInThrottleTest), none per attempt: attempts cannot grow the log.
    assertThat(events(api, "?type=ADMIN_LOGIN_FAILED").size()).isEqualTo(refusedBefore);
    assertThat(events(api, "").toString()).doesNotContain("not the password");
  }

  @Test
  void theEventsPageShowsTheLogAndItsFilters() {
    RunningMailgate mailgate = mailgates.on("H2");
    mailgate
        .bean(EventLog.class)
        .record(EventType.PROVIDER_UPDATED, null, null, "shown on the page", Map.of());
    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);

    var page = admin.get("/events?type=PROVIDER_UPDATED");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("shown on the page").contains("id=\"event-filter\"");

    String name = "page account " + UUID.randomUUID();
    String account = JsonApi.id(new JsonApi(mailgate).post("/api/v1/accounts", account(name)));
    var ofAccount = admin.get("/events?account=" + account);
    assertThat(ofAccount.body()).contains("Account &#39;" + name + "&#39; created");
    assertThat(ofAccount.body()).contains(">" + name + "</td>");

    var refused = admin.get("/events?from=soon");
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("id=\"filter-error\"").contains("is not a time");
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void theRetentionJobDeletesEventsOlderThanTheRetention(String kind) throws Exception {
    Path dir = dataDir.resolve("retention-" + kind);
    try (RunningMailgate mailgate =
        RunningMailgate.start(
            dir,
            TestDatabase.of(kind, dir),
            Map.of("mailgate.events.retention", "30d", "mailgate.events.cleanup-interval", "1s"))) {
      EventLog log = mailgate.bean(EventLog.class);
      Instant now = Instant.now();
      log.record(
          EventType.PROVIDER_UPDATED, null, null, "kept", Map.of(), now.minus(Duration.ofDays(29)));
      log.record(
          EventType.PROVIDER_UPDATED,
          null,
          null,
          "expired",
          Map.of(),
          now.minus(Duration.ofDays(31)));
      JsonApi api = new JsonApi(mailgate);

      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      List<String> left = summaries(events(api, "?type=PROVIDER_UPDATED"));
      while (left.contains("expired") && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
        left = summaries(events(api, "?type=PROVIDER_UPDATED"));
      }

      assertThat(left).containsExactly("kept");
    }
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void migrationV13MovesTheOldCredentialEventsIntoTheLog(String kind) {
    TestDatabase database = TestDatabase.of(kind, dataDir.resolve("v13-" + kind));
    DriverManagerDataSource source =
        new DriverManagerDataSource(database.url(), database.username(), database.password());
    flyway(source, "4").migrate(); // credential_event came with V4
    JdbcClient jdbc = JdbcClient.create(source);
    UUID provider = UUID.randomUUID();
    UUID credential = UUID.randomUUID();
    jdbc.sql(
            "insert into oauth_provider (id, name, preset, client_id, token_url,"
                + " token_auth_method, pkce, grant_type, created_at, updated_at) values (:id, 'p',"
                + " 'CUSTOM', 'c', 'http://127.0.0.1/token', 'CLIENT_SECRET_POST', true,"
                + " 'AUTHORIZATION_CODE', current_timestamp, current_timestamp)")
        .param("id", provider)
        .update();
    jdbc.sql(
            "insert into credential (id, provider_id, identity, state, created_at, updated_at)"
                + " values (:id, :p, 'old@mailgate.test', 'NEEDS_REAUTHORIZATION',"
                + " current_timestamp, current_timestamp)")
        .param("id", credential)
        .param("p", provider)
        .update();
    jdbc.sql(
            "insert into credential_event (id, credential_id, kind, detail, occurred_at) values"
                + " (:id, :c, 'NEEDS_REAUTHORIZATION', 'invalid_grant: revoked', current_timestamp)")
        .param("id", UUID.randomUUID())
        .param("c", credential)
        .update();

    flyway(source, "latest").migrate();

    List<Map<String, Object>> moved =
        jdbc.sql("select type, credential_id, actor, summary from event_log").query().listOfRows();
    assertThat(moved).hasSize(1);
    assertThat(moved.getFirst())
        .containsEntry("type", "NEEDS_REAUTHORIZATION")
        .containsEntry("credential_id", credential)
        .containsEntry("actor", "system")
        .containsEntry("summary", "invalid_grant: revoked");
    List<String> tables =
        jdbc.sql(
                "select lower(table_name) from information_schema.tables"
                    + " where lower(table_schema) = lower(current_schema)")
            .query(String.class)
            .list();
    assertThat(tables).contains("event_log").doesNotContain("credential_event");
  }

  private static Flyway flyway(DriverManagerDataSource source, String target) {
    return Flyway.configure()
        .dataSource(source)
        .locations("classpath:db/migration")
        .target(target)
        .load();
  }

  private static Map<String, Object> account(String name) {
    return body(
        "name", name,
        "type", "IMAP",
        "address", "events@mailgate.test",
        "host", "127.0.0.1",
        "port", 993,
        "security", "SSL_TLS",
        "authMethod", "BASIC",
        "password", "secret password");
  }

  private static JsonNode events(JsonApi api, String query) {
    return ok(api.get("/api/v1/events" + query)).get("events");
  }

  private static JsonNode ok(Reply reply) {
    assertThat(reply.status()).as(String.valueOf(reply.json())).isEqualTo(200);
    return reply.json();
  }

  private static List<String> summaries(JsonNode events) {
    List<String> summaries = new ArrayList<>();
    events.forEach(e -> summaries.add(e.get("summary").asString()));
    return summaries;
  }
}
