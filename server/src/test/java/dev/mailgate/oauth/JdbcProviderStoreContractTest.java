package dev.mailgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.TokenSet;
import dev.mailgate.testing.MailgateOnEachDatabase;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.testing.TestProviders;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The provider store does the same on H2 and on PostgreSQL. */
class JdbcProviderStoreContractTest {

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

  private static JdbcProviderStore store(String kind) {
    return mailgates.on(kind).bean(JdbcProviderStore.class);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void anUpdateWithoutSecretKeepsTheStoredSecret(String kind) {
    JdbcProviderStore store = store(kind);
    OAuthProvider p = store.create(provider("Keep", "kept-secret"));

    store.update(p.id(), withSecret(provider("Keep renamed", "kept-secret"), null));

    assertThat(store.find(p.id()).orElseThrow().name()).startsWith("Keep renamed ");
    assertThat(store.clientSecret(p.id())).contains("kept-secret");
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void anUpdateWithASecretReplacesIt(String kind) {
    JdbcProviderStore store = store(kind);
    OAuthProvider p = store.create(provider("Replace", "old-secret"));

    store.update(p.id(), withSecret(provider("Replace", "x"), "new-secret"));

    assertThat(store.clientSecret(p.id())).contains("new-secret");
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void thePromiseOfIssInTheResponseIsStored(String kind) {
    JdbcProviderStore store = store(kind);
    NewProvider base = provider("Iss", "s");
    NewProvider promising =
        new NewProvider(
            base.name(),
            base.preset(),
            base.clientId(),
            base.clientSecret(),
            base.authorizationUrl(),
            base.tokenUrl(),
            base.revocationUrl(),
            base.userinfoUrl(),
            base.issuer(),
            base.jwksUrl(),
            base.tokenAuthMethod(),
            base.pkce(),
            base.prompt(),
            base.extraAuthParams(),
            base.grantType(),
            true,
            null);

    OAuthProvider stored = store.create(promising);

    assertThat(stored.issResponseSupported()).isTrue();
    assertThat(store.create(provider("No iss", "s")).issResponseSupported()).isFalse();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aProfileIsRenamedGivenNewScopesAndDeleted(String kind) {
    JdbcProviderStore store = store(kind);
    OAuthProvider p = store.create(provider("Profiles", "s"));
    OAuthProfile profile = store.addProfile(p.id(), "IMAP", List.of("imap"));

    store.updateProfile(profile.id(), "Mail", List.of("imap", "smtp"));
    OAuthProfile changed = store.profile(profile.id()).orElseThrow();
    store.deleteProfile(profile.id());

    assertThat(changed.name()).isEqualTo("Mail");
    assertThat(changed.scopes()).containsExactly("imap", "smtp");
    assertThat(store.profile(profile.id())).isEmpty();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void deletingAProviderDeletesItsProfiles(String kind) {
    JdbcProviderStore store = store(kind);
    OAuthProvider p = store.create(provider("Deleted", "s"));
    OAuthProfile profile = store.addProfile(p.id(), "IMAP", List.of("imap"));

    store.delete(p.id());

    assertThat(store.find(p.id())).isEmpty();
    assertThat(store.profile(profile.id())).isEmpty();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void theTokensOfAProviderAreDeletedTogether(String kind) {
    RunningMailgate mailgate = mailgates.on(kind);
    OAuthProvider p = store(kind).create(provider("Tokens", "s"));
    JdbcCredentialStore credentials = mailgate.bean(JdbcCredentialStore.class);
    TokenSet tokens = new TokenSet("a", "r", Instant.now().plusSeconds(60), List.of("imap"));
    credentials.saveAuthorized(p.id(), "one@mailgate.test", tokens);
    credentials.saveAuthorized(p.id(), "two@mailgate.test", tokens);

    credentials.deleteAllOf(p.id());

    assertThat(credentials.list()).noneMatch(c -> c.providerId().equals(p.id()));
  }

  private static NewProvider provider(String name, String secret) {
    return TestProviders.provider(name + " " + UUID.randomUUID()).withClientSecret(secret).build();
  }

  private static NewProvider withSecret(NewProvider p, String secret) {
    return new NewProvider(
        p.name(),
        p.preset(),
        p.clientId(),
        secret,
        p.authorizationUrl(),
        p.tokenUrl(),
        p.revocationUrl(),
        p.userinfoUrl(),
        p.issuer(),
        p.jwksUrl(),
        p.tokenAuthMethod(),
        p.pkce(),
        p.prompt(),
        p.extraAuthParams(),
        p.grantType(),
        p.issResponseSupported(),
        null);
  }
}
