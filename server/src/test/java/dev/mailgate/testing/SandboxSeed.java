package dev.mailgate.testing;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.account.NewAccount;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.SandboxOAuthProvider;
import dev.mailgate.security.apitoken.ApiTokens;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A Mailgate database made ready for a {@link MailgateProcess}: Mailgate started once in this JVM
 * on the test's data directory and database registers the sandbox provider, creates an account,
 * authorizes it (the admin's browser at the sandbox's sign-in page), issues an API token, and
 * stops. The child process then starts on the same data directory (master key) and database.
 */
public final class SandboxSeed {

  /** What the child process finds in the database: the account and an API token's secret. */
  public record Seeded(UUID accountId, String apiToken) {}

  private SandboxSeed() {}

  /**
   * Seeds an account built from the profile's id (scopes {@code imap}, {@code pop}, {@code smtp})
   * and authorized by {@code identity}.
   */
  public static Seeded authorizedAccount(
      Path dataDir,
      TestDatabase database,
      SandboxOAuthProvider oauth,
      Function<UUID, NewAccount> account,
      String identity) {
    try (RunningMailgate mailgate = RunningMailgate.start(dataDir, database)) {
      JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
      OAuthProvider provider = providers.create(SandboxProviders.registration("Sandbox", oauth));
      OAuthProfile profile =
          providers.addProfile(
              provider.id(),
              "Mail",
              List.of("openid", "email", "offline_access", "imap", "pop", "smtp"));
      EmailAccount created =
          mailgate.bean(JdbcAccountStore.class).create(account.apply(profile.id()));
      AdminSession admin = new AdminSession(mailgate.baseUrl());
      admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
      new BrowserAtProvider().authorizeOrFail(admin, created.id(), identity);
      String token = mailgate.bean(ApiTokens.class).issue("crash test", "admin").secret();
      return new Seeded(created.id(), token);
    }
  }
}
