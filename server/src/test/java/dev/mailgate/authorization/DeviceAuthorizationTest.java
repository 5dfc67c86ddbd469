package dev.mailgate.authorization;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device authorization grant (RFC 8628) against the sandbox provider's real device endpoint:
 * Mailgate asks for a user code, the person approves it at the sandbox's verification page as some
 * mailbox, and Mailgate's own polling (interval, slow_down) ends in a stored credential or a
 * refusal explained.
 */
class DeviceAuthorizationTest {

  @TempDir static Path dataDir;

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  private static RunningMailgate mailgate;
  private static OAuthProfile profile;
  private static JsonApi api;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    profile = providers.addProfile(provider.id(), "IMAP + SMTP", SandboxScopes.IMAP_AND_SMTP);
    api = new JsonApi(mailgate);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @BeforeEach
  void quickCodes() {
    sandbox.oauth().deviceTiming(Duration.ofSeconds(1), Duration.ofMinutes(1));
    sandbox.oauth().slowDownDevicePolls(0);
  }

  @Test
  void thePersonWhoTypesTheCodeAndSignsInAsTheMailboxAuthorizesIt() {
    EmailAccount account = account(Sandbox.SERVICEDESK);

    Reply started = api.post(devicePath(account), null);

    assertThat(started.status()).isEqualTo(201);
    assertThat(started.text("state")).isEqualTo("PENDING");
    assertThat(started.text("verificationUri")).isEqualTo(sandbox.oauth().deviceVerificationUrl());
    assertThat(started.text("userCode")).matches("[B-Z]{4}-[B-Z]{4}");
    assertThat(started.json().has("deviceCode")).isFalse();
    int pollsTooSoonBefore = sandbox.oauth().devicePollsTooSoon();

    sandbox.oauth().approveDevice(started.text("userCode"), Sandbox.SERVICEDESK);
    Reply done = awaitEnd(account, started.text("id"));

    assertThat(done.text("state")).isEqualTo("AUTHORIZED");
    assertThat(done.text("signedInAs")).isEqualTo(Sandbox.SERVICEDESK);
    assertThat(credential(Sandbox.SERVICEDESK)).isTrue();
    assertThat(sandbox.oauth().devicePollsTooSoon()).isEqualTo(pollsTooSoonBefore);
  }

  @Test
  void afterSlowDownMailgateWaitsFiveSecondsLongerBetweenPolls() {
    EmailAccount account = account("slow-desk@mailgate.test");
    sandbox.mail().addOAuthMailbox("slow-desk@mailgate.test");
    sandbox.oauth().slowDownDevicePolls(1);
    int pollsTooSoonBefore = sandbox.oauth().devicePollsTooSoon();

    Reply started = api.post(devicePath(account), null);
    sandbox.oauth().approveDevice(started.text("userCode"), "slow-desk@mailgate.test");
    Reply done = awaitEnd(account, started.text("id"));

    assertThat(done.text("state")).isEqualTo("AUTHORIZED");
    assertThat(done.json().get("intervalSeconds").asLong()).isEqualTo(6);
    List<Instant> polls = sandbox.oauth().devicePolls(started.text("userCode"));
    assertThat(polls).hasSize(2);
    // The first poll got slow_down with the interval at 1 s: the next came no sooner than 6 s.
    assertThat(Duration.between(polls.get(0), polls.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(5_900));
    assertThat(sandbox.oauth().devicePollsTooSoon()).isEqualTo(pollsTooSoonBefore);
  }

  @Test
  void codesNobodyUsesExpireAndSaySo() {
    sandbox.oauth().deviceTiming(Duration.ofSeconds(1), Duration.ofSeconds(2));
    EmailAccount account = account("late-desk@mailgate.test");

    Reply started = api.post(devicePath(account), null);
    Reply done = awaitEnd(account, started.text("id"));

    assertThat(done.text("state")).isEqualTo("EXPIRED");
    assertThat(done.text("reason")).contains("expired").contains("start the device authorization");
    assertThat(credential("late-desk@mailgate.test")).isFalse();
  }

  @Test
  void signingInAsAnotherMailboxIsRefusedAndNothingIsStored() {
    EmailAccount account = account("shared-box@mailgate.test");
    sandbox.mail().addOAuthMailbox("shared-box@mailgate.test");

    Reply started = api.post(devicePath(account), null);
    sandbox.oauth().approveDevice(started.text("userCode"), Sandbox.ADELE);
    Reply done = awaitEnd(account, started.text("id"));

    assertThat(done.text("state")).isEqualTo("REFUSED");
    assertThat(done.text("reason"))
        .contains("You signed in as " + Sandbox.ADELE)
        .contains("expects shared-box@mailgate.test");
    assertThat(done.text("signedInAs")).isNull();
    assertThat(credential("shared-box@mailgate.test")).isFalse();
    assertThat(credential(Sandbox.ADELE)).isFalse();
  }

  @Test
  void aPersonWhoDeclinesEndsItAsDenied() {
    EmailAccount account = account("declined-box@mailgate.test");

    Reply started = api.post(devicePath(account), null);
    sandbox.oauth().denyDevice(started.text("userCode"));
    Reply done = awaitEnd(account, started.text("id"));

    assertThat(done.text("state")).isEqualTo("DENIED");
    assertThat(credential("declined-box@mailgate.test")).isFalse();
  }

  @Test
  void theOpenIdPresetDiscoversTheDeviceEndpointAndMicrosoftsPresetHasIt() {
    Reply openId =
        api.post(
            "/api/v1/providers",
            body(
                "name", "Discovered sandbox",
                "preset", "OPENID",
                "issuer", sandbox.oauth().issuer(),
                "clientId", "mailgate",
                "clientSecret", "s"));
    String tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    Reply microsoft =
        api.post(
            "/api/v1/providers",
            body(
                "preset",
                "MICROSOFT_365",
                "tenant",
                tenant,
                "clientId",
                "app",
                "clientSecret",
                "s"));

    assertThat(openId.status()).isEqualTo(201);
    assertThat(openId.text("deviceAuthorizationUrl"))
        .isEqualTo(sandbox.oauth().deviceAuthorizationUrl());
    assertThat(microsoft.text("deviceAuthorizationUrl"))
        .isEqualTo("https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/devicecode");
  }

  @Test
  void aGoogleAccountIsToldGoogleDoesNotAllowGmailWithTheDeviceFlow() {
    Reply google =
        api.post(
            "/api/v1/providers",
            body(
                "preset",
                "GOOGLE",
                "clientId",
                "app.apps.googleusercontent.com",
                "clientSecret",
                "s"));
    UUID gmail =
        mailgate
            .bean(JdbcProviderStore.class)
            .profiles(UUID.fromString(JsonApi.id(google)))
            .stream()
            .findFirst()
            .orElseThrow()
            .id();
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.imap("someone@gmail.example")
                    .at("localhost", sandbox.sandbox().ports().imaps())
                    .withOAuth(gmail)
                    .inactive()
                    .build());

    Reply refused = api.post(devicePath(account), null);

    assertThat(google.text("deviceAuthorizationUrl")).isNull();
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("deviceAuthorizationUrl");
    assertThat(refused.text("detail")).contains("Google does not allow Gmail scopes");
  }

  private static String devicePath(EmailAccount account) {
    return "/api/v1/accounts/" + account.id() + "/device-authorizations";
  }

  /**
   * Reads the authorization until Mailgate's polling ended it (the test never polls the provider).
   */
  private static Reply awaitEnd(EmailAccount account, String id) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      Reply reply = api.get(devicePath(account) + "/" + id);
      assertThat(reply.status()).isEqualTo(200);
      if (!"PENDING".equals(reply.text("state"))) {
        return reply;
      }
      sleep();
    }
    throw new AssertionError("the device authorization was still pending after 20 s");
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static boolean credential(String identity) {
    return mailgate
        .bean(JdbcCredentialStore.class)
        .find(profile.providerId(), identity)
        .isPresent();
  }

  private static EmailAccount account(String mailbox) {
    return mailgate
        .bean(JdbcAccountStore.class)
        .create(
            TestAccounts.imap(mailbox)
                .at("localhost", sandbox.sandbox().ports().imaps())
                .withOAuth(profile.id())
                .inactive()
                .build());
  }
}
