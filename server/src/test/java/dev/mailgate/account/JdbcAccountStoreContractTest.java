package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.testing.MailgateOnEachDatabase;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.testing.TestProviders;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The account store does the same on H2 and on PostgreSQL. */
class JdbcAccountStoreContractTest {

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

  private static RunningMailgate on(String kind) {
    return mailgates.on(kind);
  }

  private static JdbcAccountStore store(String kind) {
    return on(kind).bean(JdbcAccountStore.class);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void anUpdateWithoutPasswordKeepsTheStoredOne(String kind) {
    JdbcAccountStore store = store(kind);
    EmailAccount account = store.create(basic("keep").withPassword("kept").build());

    store.update(account.id(), basic("keep").withPassword(null).named(account.name()).build());

    assertThat(store.password(account.id())).contains("kept");
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void anUpdateToOAuthDropsThePassword(String kind) {
    JdbcAccountStore store = store(kind);
    OAuthProfile profile = profile(kind);
    EmailAccount account = store.create(basic("drop").withPassword("dropped").build());

    store.update(account.id(), basic("drop").named(account.name()).withOAuth(profile.id()).build());

    EmailAccount changed = store.find(account.id()).orElseThrow();
    assertThat(changed.authMethod()).isEqualTo(AuthMethod.OAUTH2);
    assertThat(changed.hasPassword()).isFalse();
    assertThat(store.password(account.id())).isEmpty();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void clearingTheDefaultOutboundKeepsOnlyTheGivenAccount(String kind) {
    JdbcAccountStore store = store(kind);
    EmailAccount first = store.create(defaultSmtp("first"));
    EmailAccount second = store.create(defaultSmtp("second"));

    store.clearDefaultOutboundExcept(second.id());

    assertThat(store.list())
        .filteredOn(EmailAccount::defaultOutbound)
        .extracting(EmailAccount::id)
        .containsExactly(second.id())
        .doesNotContain(first.id());
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void theAccountsUsingAProfileAndItsProviderAreNamed(String kind) {
    JdbcAccountStore store = store(kind);
    OAuthProfile profile = profile(kind);
    EmailAccount user = store.create(basic("user").withOAuth(profile.id()).build());

    assertThat(store.namesUsingProfile(profile.id())).containsExactly(user.name());
    assertThat(store.namesUsingProvider(profile.providerId())).containsExactly(user.name());
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aDeletedAccountIsGone(String kind) {
    JdbcAccountStore store = store(kind);
    EmailAccount account = store.create(basic("gone").build());

    store.delete(account.id());

    assertThat(store.find(account.id())).isEmpty();
  }

  private static TestAccounts basic(String tag) {
    return TestAccounts.imap(tag + "@mailgate.test").named(tag + " " + UUID.randomUUID());
  }

  private static NewAccount defaultSmtp(String tag) {
    NewAccount a = TestAccounts.smtp(tag + "@mailgate.test").build();
    return new NewAccount(
        a.name(),
        a.type(),
        a.address(),
        null,
        a.host(),
        a.port(),
        a.security(),
        a.authMethod(),
        a.password(),
        null,
        null,
        true,
        true,
        null);
  }

  private static OAuthProfile profile(String kind) {
    JdbcProviderStore providers = on(kind).bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(TestProviders.provider("P " + UUID.randomUUID()).build());
    return providers.addProfile(provider.id(), "IMAP", List.of("imap"));
  }
}
