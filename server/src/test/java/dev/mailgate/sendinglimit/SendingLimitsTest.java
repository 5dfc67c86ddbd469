package dev.mailgate.sendinglimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.ProfileService;
import dev.mailgate.oauth.ProviderInput;
import dev.mailgate.oauth.ProviderService;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account's sending limits (ADR 0030): defaulted from its provider's preset (Exchange Online,
 * Google Workspace, consumer Gmail; a password account by its server), set through the API and the
 * page, refused with the field when not a number, and back to the defaults.
 */
class SendingLimitsTest {

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static AdminSession admin;
  private static UUID microsoftProfile;
  private static UUID googleProfile;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    api = new JsonApi(mailgate);
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    ProviderService providers = mailgate.bean(ProviderService.class);
    ProfileService profiles = mailgate.bean(ProfileService.class);
    microsoftProfile =
        profiles
            .list(
                providers
                    .create(preset("MICROSOFT_365", "7c2c5b1e-3d5f-4b8a-9f0e-1a2b3c4d5e6f"))
                    .id())
            .get(0)
            .id();
    googleProfile = profiles.list(providers.create(preset("GOOGLE", null)).id()).get(0).id();
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void eachProvidersPublishedLimitsAreTheDefaults() {
    JsonApi.Reply exchange = limits(oauthAccount("ann@contoso.com", microsoftProfile));
    assertThat(exchange.text("presetName")).isEqualTo("Exchange Online");
    assertThat(exchange.json().get("setOnAccount").asBoolean()).isFalse();
    assertThat(exchange.json().get("limits").get("perMinute").asInt()).isEqualTo(30);
    assertThat(exchange.json().get("limits").get("recipientsPerDay").asInt()).isEqualTo(10_000);
    assertThat(exchange.json().get("limits").get("perDay").isNull()).isTrue();

    JsonApi.Reply workspace = limits(oauthAccount("bob@example.com", googleProfile));
    assertThat(workspace.text("presetName")).isEqualTo("Google Workspace");
    assertThat(workspace.json().get("limits").get("perDay").asInt()).isEqualTo(2_000);

    JsonApi.Reply gmail = limits(oauthAccount("carl@gmail.com", googleProfile));
    assertThat(gmail.text("presetName")).isEqualTo("consumer Gmail");
    assertThat(gmail.json().get("limits").get("perDay").asInt()).isEqualTo(500);

    EmailAccount password =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.smtp("dora@contoso.com")
                    .at("smtp.office365.com", 587)
                    .withPassword("pw")
                    .inactive()
                    .build());
    assertThat(limits(password).json().get("limits").get("perMinute").asInt()).isEqualTo(30);

    EmailAccount elsewhere =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.smtp("eve@example.org")
                    .at("mail.example.org", 587)
                    .withPassword("pw")
                    .inactive()
                    .build());
    JsonApi.Reply none = limits(elsewhere);
    assertThat(none.json().get("presetName").isNull()).isTrue();
    assertThat(none.json().get("limits").get("perMinute").isNull()).isTrue();
  }

  @Test
  void limitsAreSetThroughTheApiRefusedWithTheirFieldAndResetToTheDefaults() {
    EmailAccount account = oauthAccount("fay@contoso.com", microsoftProfile);
    String path = "/api/v1/accounts/" + account.id() + "/sending-limits";

    Map<String, Object> body = new HashMap<>();
    body.put("perMinute", 10);
    body.put("perDay", 1_000);
    body.put("recipientsPerDay", null);
    Reply set = api.put(path, body);
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().get("setOnAccount").asBoolean()).isTrue();
    assertThat(api.get(path).json().get("limits").get("perMinute").asInt()).isEqualTo(10);
    assertThat(api.get(path).json().get("limits").get("recipientsPerDay").isNull()).isTrue();

    Reply refused = api.put(path, Map.of("perMinute", 0));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().toString()).contains("perMinute").contains("from 1 to");
    assertThat(api.get(path).json().get("limits").get("perMinute").asInt()).isEqualTo(10);

    Reply reset = api.delete(path);
    assertThat(reset.status()).isEqualTo(200);
    assertThat(reset.json().get("setOnAccount").asBoolean()).isFalse();
    assertThat(reset.json().get("limits").get("perMinute").asInt()).isEqualTo(30);

    assertThat(api.get("/api/v1/accounts/" + UUID.randomUUID() + "/sending-limits").status())
        .isEqualTo(404);
  }

  @Test
  void thePageShowsTheProvidersFiguresInWordsAndSavesTheAdminsOwn() {
    EmailAccount account = oauthAccount("gus@contoso.com", microsoftProfile);
    String path = "/accounts/" + account.id() + "/sending-limits";

    String page = admin.get(path).body();
    assertThat(page)
        .contains("These are the provider's defaults.")
        .contains("Exchange Online</span> allows")
        .contains("10,000")
        .contains("value=\"30\"");
    assertThat(admin.get("/accounts/" + account.id()).body()).contains("id=\"sending-limits\"");

    HttpResponse<String> refused =
        admin.postForm(
            path, Map.of("perMinute", "thirty", "perDay", "", "recipientsPerDay", "10000"));
    assertThat(refused.body())
        .contains("data-field=\"perMinute\"")
        .contains("thirty&#39; is not a whole number")
        .contains("value=\"thirty\"");

    admin.postForm(path, Map.of("perMinute", "20", "perDay", "", "recipientsPerDay", "5,000"));
    String saved = admin.get(path).body();
    assertThat(saved).contains("These limits were set on the account.").contains("value=\"20\"");
    assertThat(limits(account).json().get("limits").get("recipientsPerDay").asInt())
        .isEqualTo(5_000);
  }

  private static EmailAccount oauthAccount(String address, UUID profile) {
    return mailgate
        .bean(JdbcAccountStore.class)
        .create(TestAccounts.smtp(address).withOAuth(profile).inactive().build());
  }

  private static Reply limits(EmailAccount account) {
    Reply reply = api.get("/api/v1/accounts/" + account.id() + "/sending-limits");
    assertThat(reply.status()).isEqualTo(200);
    return reply;
  }

  private static ProviderInput preset(String preset, String tenant) {
    return new ProviderInput(
        null, preset, tenant, null, "app", "secret", null, null, null, null, null, null, null, null,
        null, null, null, null, null, null);
  }
}
