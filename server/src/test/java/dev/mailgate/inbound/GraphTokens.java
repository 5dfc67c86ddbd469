package dev.mailgate.inbound;

import dev.mailgate.mail.graph.GraphTokenSource;
import dev.mailgate.sandbox.SandboxOAuthProvider;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import java.util.List;
import java.util.function.Supplier;

/** Graph tokens from the sandbox provider, delegated or app-only, refreshed after a refusal. */
final class GraphTokens implements GraphTokenSource {

  private final Supplier<String> fresh;
  private volatile String current;

  private GraphTokens(Supplier<String> fresh) {
    this.fresh = fresh;
  }

  /** A person's delegated token with {@code Mail.ReadWrite}. */
  static GraphTokens delegated(SandboxOAuthProvider provider, String identity) {
    List<String> scopes =
        List.of(
            SandboxScopes.OPENID,
            SandboxScopes.OFFLINE_ACCESS,
            SandboxScopes.graph("Mail.ReadWrite"));
    return new GraphTokens(() -> provider.signIn(identity, scopes).accessToken());
  }

  /** The sandbox test client's app-only token (grant it permissions first). */
  static GraphTokens appOnly(SandboxOAuthProvider provider) {
    return new GraphTokens(
        () ->
            new SandboxSignIn(provider)
                .clientCredentials(List.of(SandboxScopes.GRAPH_DEFAULT))
                .accessToken());
  }

  @Override
  public synchronized String token() {
    if (current == null) {
      current = fresh.get();
    }
    return current;
  }

  @Override
  public synchronized void refused(String token) {
    if (token.equals(current)) {
      current = null;
    }
  }
}
